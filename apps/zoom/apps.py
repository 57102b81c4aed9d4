from django.apps import AppConfig


class ZoomConfig(AppConfig):
    name = "apps.zoom"
    label = "zoom"

    def ready(self) -> None:
        from .priority import connect_celery_signals

        connect_celery_signals()
