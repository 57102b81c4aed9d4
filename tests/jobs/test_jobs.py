"""Job rows: claimed once, checkpointed, cancelled, re-queued when their worker died."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.jobs import services
from apps.jobs.models import Job
from apps.zoom.errors import ZoomTemporaryError

calls: list[dict] = []


@services.handler("test.count")
def count_handler(progress: services.Progress) -> dict:
    start = progress.checkpoint.get("next", 0)
    for i in range(start, progress.params["n"]):
        calls.append({"job": progress.job.pk, "i": i})
        progress.save(done=i + 1, total=progress.params["n"], checkpoint={"next": i + 1})
        if progress.params.get("crash_at") == i:
            raise SystemExit("worker killed")  # not an Exception: nothing records a failure
    return {"counted": progress.params["n"]}


@services.handler("test.flaky")
def flaky_handler(progress: services.Progress) -> None:
    raise ZoomTemporaryError("Zoom is down")


@services.handler("test.broken")
def broken_handler(progress: services.Progress) -> None:
    raise ValueError("bad data")


@pytest.fixture(autouse=True)
def _clear():
    calls.clear()


@pytest.mark.django_db
def test_a_job_runs_once_even_when_its_task_is_delivered_twice(account):
    job, created = services.enqueue("test.count", account, params={"n": 3})
    assert created
    assert services.run(job.pk) == "succeeded"
    assert services.run(job.pk) == "not claimed"
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == 3 and job.total == 3 and job.result == {"counted": 3}
    assert len(calls) == 3


@pytest.mark.django_db
def test_one_active_job_per_kind_and_key(account):
    first, created = services.enqueue("test.count", account, key="users", params={"n": 1})
    again, created_again = services.enqueue("test.count", account, key="users", params={"n": 1})
    assert created and not created_again and again.pk == first.pk
    other, created_other = services.enqueue("test.count", account, key="meetings", params={"n": 1})
    assert created_other and other.pk != first.pk


@pytest.mark.django_db
def test_a_killed_job_is_requeued_and_resumes_from_its_checkpoint(account, settings):
    job, _ = services.enqueue("test.count", account, params={"n": 5, "crash_at": 1})
    with pytest.raises(SystemExit):
        services.run(job.pk)
    job.refresh_from_db()
    assert job.status == "running" and job.checkpoint == {"next": 2}
    assert services.requeue_stale() == []  # its heartbeat is fresh
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_AFTER + 1),
        params={"n": 5},
    )
    assert services.requeue_stale() == [job.pk]
    assert services.run(job.pk) == "succeeded"
    assert [c["i"] for c in calls] == [0, 1, 2, 3, 4]  # 2, 3, 4 done once, after the checkpoint
    job.refresh_from_db()
    assert job.attempts == 2


@pytest.mark.django_db
def test_a_cancelled_job_stops_at_its_next_progress_report(account):
    job, _ = services.enqueue("test.count", account, params={"n": 3})
    assert services.cancel(job)
    assert services.run(job.pk) == "not claimed"
    job.refresh_from_db()
    assert job.status == "cancelled"


@pytest.mark.django_db
def test_a_temporary_zoom_error_leaves_the_job_queued_for_a_retry(account):
    job, _ = services.enqueue("test.flaky", account)
    with pytest.raises(ZoomTemporaryError):
        services.run(job.pk)
    job.refresh_from_db()
    assert job.status == "queued" and "Zoom is down" in job.error


@pytest.mark.django_db
def test_any_other_error_fails_the_job_with_its_reason(account):
    job, _ = services.enqueue("test.broken", account)
    assert services.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "bad data" and job.finished_at


@services.handler("test.deferred")
def deferred_handler(progress: services.Progress) -> None:
    import datetime as dt

    from django.utils import timezone

    raise services.JobDeferred(timezone.now() + dt.timedelta(hours=2), "Waiting for Zoom's daily limit.")


@pytest.mark.django_db
def test_a_deferred_job_waits_in_the_queue_until_its_time(account, settings):
    job, _ = services.enqueue("test.deferred", account)
    assert services.run(job.pk) == "deferred"
    job.refresh_from_db()
    assert job.status == "queued" and job.error == "Waiting for Zoom's daily limit."
    assert job.heartbeat_at > timezone.now() + dt.timedelta(hours=1)
    assert job.pk not in services.requeue_stale()  # not taken for a dead worker's job


@services.handler("test.heavy_sync")
def heavy_sync_handler(progress: services.Progress) -> dict:
    from apps.zoom import budget
    from apps.zoom.priority import current

    seen = current()
    budget.take(progress.job.account.zoom_account_id, "Heavy", seen)
    return {"priority": seen}


@services.handler("test.backfill", background=True)
def backfill_handler(progress: services.Progress) -> dict:
    from apps.zoom.priority import current

    return {"priority": current()}


@pytest.mark.django_db
def test_a_jobs_priority_comes_from_who_started_it_and_its_kind(northwind):
    unattended, _ = services.enqueue("test.heavy_sync", northwind.account, key="beat")
    started, _ = services.enqueue("test.heavy_sync", northwind.account, key="person", user=northwind.admin)
    backfill, _ = services.enqueue("test.backfill", northwind.account, user=northwind.admin)
    for job in (unattended, started, backfill):
        assert services.run(job.pk) == "succeeded"
        job.refresh_from_db()
    assert unattended.result == {"priority": "background"}
    assert started.result == {"priority": "job"}
    assert backfill.result == {"priority": "background"}


@pytest.mark.django_db
def test_background_work_at_the_reserve_waits_for_the_reset_instead_of_retrying(northwind, settings, tmp_path):
    from apps.zoom import budget

    settings.ZOOM_RATE_BUDGET_URL = f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    settings.ZOOM_RATE_LIMITS = {"daily": 5}
    for _ in range(4):  # 80% of the cap, spent by background work
        budget.take(northwind.account.zoom_account_id, "Heavy", "background")
    job, _ = services.enqueue("test.heavy_sync", northwind.account)
    assert services.run(job.pk) == "deferred"
    job.refresh_from_db()
    assert job.status == "queued" and "kept for people" in job.error and job.attempts == 0
    assert job.heartbeat_at.time() == dt.time(0, 0)  # until the daily cap resets
    person, _ = services.enqueue("test.heavy_sync", northwind.account, key="p", user=northwind.admin)
    assert services.run(person.pk) == "succeeded"
