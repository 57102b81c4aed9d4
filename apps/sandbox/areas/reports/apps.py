from __future__ import annotations

from apps.sandbox.registry import SandboxArea


class ReportsConfig(SandboxArea):
    """GET /report/... and /metrics/meetings, computed from the users and a generated history
    (no tables of its own)."""

    name = "apps.sandbox.areas.reports"
    label = "sandbox_reports"
    verbose_name = "Zoom sandbox: reports and dashboard metrics"
    # The history's topics and the upcoming-events report come from the events area.
    requires = ("sandbox_events",)
