"""Sample route parameters of the users pages, for the access matrix."""

from __future__ import annotations

from django.utils import timezone

from apps.jobs.models import Job
from apps.users.models import ZoomUser


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    zoom_user = ZoomUser.objects.create(account=account, zoom_id="u-sample", email="sample@northwind.example",
                                        status="active", synced_at=timezone.now())
    users_job = Job.objects.create(account=account, kind="users.bulk", key="sample", status="succeeded",
                                   params={"action": "activate", "zoom_ids": []})
    return {("users", "zoom_id"): (zoom_user.zoom_id, True), ("jobs", "pk"): (users_job.pk, True)}
