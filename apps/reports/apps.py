from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.reports"
    urls = (("reports/", "apps.reports.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation

        from . import overview, runner  # noqa: F401  (registers the job handlers)

        navigation.register(navigation.Section("Reports", "reports:list", "read", order=50))
