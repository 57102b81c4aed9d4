from django.apps import AppConfig


class WebinarsConfig(AppConfig):
    name = "apps.webinars"
    label = "webinars"

    def ready(self) -> None:
        from . import sync  # noqa: F401  (registers the sync job handlers)
