from django.apps import AppConfig


class MirrorConfig(AppConfig):
    name = "apps.mirror"
    label = "mirror"

    def ready(self) -> None:
        from apps.jobs.services import on_success

        from .schedule import continue_full_sync

        # A full sync starts the next resources when one finishes (users, then events, ...).
        on_success(continue_full_sync)
