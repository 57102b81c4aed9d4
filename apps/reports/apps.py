from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.reports"

    def ready(self) -> None:
        from . import overview, runner  # noqa: F401  (registers the job handlers)
