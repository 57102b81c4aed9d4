"""Sample route parameters of the reports pages, for the access matrix."""

from __future__ import annotations

from apps.jobs.models import Job


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    run = Job.objects.create(account=account, kind="report.meeting_details", key="sample", status="succeeded",
                             params={"type": "meeting_details", "event_id": "1", "windows": [[None, None]]},
                             result={"rows": 0, "totals": {}})
    return {("reports", "slug"): ("daily", False), ("reports", "run_id"): (run.pk, True)}
