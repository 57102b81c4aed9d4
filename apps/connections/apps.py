from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "apps.connections"
    label = "connections"
    urls = (("", "apps.connections.urls"), ("api/v1/", "apps.connections.api.urls"))

    def ready(self) -> None:
        from apps.lib import navigation

        from . import signin  # noqa: F401  (signal receivers)

        navigation.register(navigation.Section("Settings", "settings", "admin", order=90))
