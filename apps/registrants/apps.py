from django.apps import AppConfig


class RegistrantsConfig(AppConfig):
    name = "apps.registrants"
    label = "registrants"

    def ready(self) -> None:
        from . import decide, sync  # noqa: F401  (register the job handlers)
