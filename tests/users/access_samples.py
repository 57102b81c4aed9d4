"""Sample route parameters of the users pages, for the access matrix."""

from __future__ import annotations

from apps.jobs.models import Job
from tests import factories


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    zoom_user = factories.zoom_user(account)
    users_job = Job.objects.create(account=account, kind="users.bulk", key="sample", status="succeeded",
                                   params={"action": "activate", "zoom_ids": []})
    return {("users", "zoom_id"): (zoom_user.zoom_id, True), ("jobs", "pk"): (users_job.pk, True)}
