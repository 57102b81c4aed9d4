from django.apps import AppConfig


class RegistrantsConfig(AppConfig):
    name = "apps.registrants"
    label = "registrants"

    def ready(self) -> None:
        from . import sync  # noqa: F401  (registers the sync job handlers)
