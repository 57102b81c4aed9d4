from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    urls = (("meetings/", "apps.meetings.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation
        from apps.mirror import registry
        from apps.users import hosted

        from . import sync  # noqa: F401  (registers the sync job handlers)
        from .models import Meeting

        # Meetings are listed per host: a full sync lists them once the users are in.
        registry.register(registry.Resource(name="meetings", label="Meetings", kind="sync.meetings", model=Meeting,
                                            after="sync.users"))
        navigation.register(navigation.Section("Meetings", "meetings:list", "read", order=20))
        hosted.register(hosted.Hosted(name="meetings", label="Meetings", model=Meeting))
