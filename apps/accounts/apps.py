from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    urls = (("", "apps.accounts.urls"),)

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401  (system checks)
            sessions,  # noqa: F401  (sessions tracked per user)
        )
