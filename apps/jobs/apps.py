from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "apps.jobs"
    label = "jobs"
    urls = (("jobs/", "apps.jobs.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation

        # For admins, who retry and cancel; viewers may still open /jobs/ read-only.
        navigation.register(navigation.Section("Jobs", "jobs:list", "admin", order=80))
