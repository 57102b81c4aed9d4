from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"

    def ready(self) -> None:
        from . import sync  # noqa: F401  (registers the sync job handlers)
