"""A sync whose worker is killed mid-way is re-queued by the stale-heartbeat check and finishes."""

from __future__ import annotations

import os
import signal

import pytest

from apps.jobs import services
from apps.jobs.models import Job
from apps.users.models import ZoomUser
from tests.conftest import start_worker, stop_worker, wait_for


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_was_killed_is_requeued_and_finishes(
    zoom, connect, isolated_broker, own_queue, tmp_path, settings
):
    zoom.reset(users=4500)
    account = connect().account
    zoom.set_latency(700)  # slow pages, so that the kill lands in the middle of the sync
    first = start_worker(zoom, tmp_path / "first.log", queues=own_queue)
    job, _ = services.enqueue("sync.users", account)

    def one_page_written():
        job.refresh_from_db()
        return job.status == Job.Status.RUNNING and job.done > 0

    wait_for(one_page_written, timeout=60)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.done < 4500  # left behind, mid-way
    zoom.set_latency(0)

    settings.JOB_STALE_AFTER = 1
    wait_for(lambda: services.requeue_stale() == [job.pk], timeout=10)
    second = start_worker(zoom, tmp_path / "second.log", queues=own_queue)
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED, timeout=60)
    finally:
        stop_worker(second)
    job.refresh_from_db()
    assert job.attempts == 2
    assert ZoomUser.objects.filter(account=account).count() == job.result["users"] > 4000
