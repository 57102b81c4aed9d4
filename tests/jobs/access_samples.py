"""Sample route parameters of the jobs pages, for the access matrix."""

from __future__ import annotations

from apps.jobs.models import Job


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    failed = Job.objects.create(account=account, kind="users.bulk", key="jobs-sample", status="failed",
                                error="bad data", params={"action": "activate", "zoom_ids": []})
    return {("jobs", "job_id"): (failed.pk, True)}
