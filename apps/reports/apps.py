from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "apps.reports"
    urls = (("reports/", "apps.reports.urls"),)

    def ready(self) -> None:
        from apps.jobs import pages
        from apps.lib import navigation

        from . import overview, runner  # noqa: F401  (registers the job handlers)
        from .types import TYPES

        navigation.register(navigation.Section("Reports", "reports:list", "read", order=50))
        for rtype in TYPES.values():
            pages.register(rtype.kind, f"Report: {rtype.title}", "reports:run")
        pages.register(overview.KIND, "Overview charts")
