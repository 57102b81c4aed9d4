from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "apps.users"
    label = "users"

    def ready(self) -> None:
        from . import bulk, sync  # noqa: F401  (register the job handlers)
