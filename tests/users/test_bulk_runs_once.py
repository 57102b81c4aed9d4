"""A bulk job against a Zoom slower than the staleness period runs exactly once, with a real
worker, the beat's re-queueing and duplicate deliveries all going on at the same time."""

from __future__ import annotations

import pytest

from apps.accounts.models import AuditEvent
from apps.jobs import services
from apps.jobs.models import Job
from apps.users import bulk
from apps.users.models import ZoomUser
from tests.conftest import start_worker, stop_worker, wait_for

LATENCY_MS = 1500  # each Zoom call takes longer than the staleness period (1 s) below


@pytest.mark.django_db(transaction=True)
def test_with_zoom_slower_than_the_staleness_period_a_bulk_job_runs_exactly_once(
    synced_northwind, zoom, own_queue, tmp_path, settings
):
    northwind = synced_northwind
    settings.JOB_STALE_AFTER = 1
    members = (ZoomUser.objects.filter(account=northwind.account, status=ZoomUser.Status.ACTIVE)
               .exclude(email__startswith="owner@").exclude(email__startswith="admin@").order_by("email")[:3])
    zoom_ids = [u.zoom_id for u in members]
    assert len(zoom_ids) == 3
    worker = start_worker(zoom, tmp_path / "worker.log", queues=own_queue, env={"JOB_STALE_AFTER": "1"})
    try:
        zoom.reset_calls()
        zoom.set_latency(LATENCY_MS)
        job = bulk.start_bulk(northwind.account, zoom_ids, "deactivate", None, northwind.admin)
        duplicates: list[str] = []

        def finished() -> bool:
            services.requeue_stale()  # the beat, far more often than every 30 s
            if Job.objects.get(pk=job.pk).status == Job.Status.RUNNING:
                duplicates.append(services.run(job.pk))  # a second delivery, in another process
            return Job.objects.get(pk=job.pk).status not in Job.ACTIVE

        wait_for(finished, timeout=120, interval=0.3)
    finally:
        zoom.set_latency(0)
        stop_worker(worker)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.attempts == 1 and job.result["succeeded"] == 3
    assert duplicates and set(duplicates) == {"not claimed"}
    assert zoom.calls()["PUT /v2/users/{userId}/status"] == 3  # no duplicate writes at Zoom
    audited = AuditEvent.objects.filter(account=northwind.account, action="user.deactivated")
    assert sorted(audited.values_list("target_id", flat=True)) == sorted(zoom_ids)  # no duplicate audit rows
