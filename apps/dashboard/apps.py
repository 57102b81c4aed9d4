from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"
    urls = (("", "apps.dashboard.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation

        navigation.register(navigation.Section("Overview", "home", "read", order=0))
