"""A job runs once: fencing tokens, heartbeats apart from progress, bounded attempts, and a lost
message re-sent once per staleness period."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from apps.jobs import services
from apps.jobs.models import Job
from apps.zoom.errors import ZoomTemporaryError
from tests.conftest import client_for

beats: list[dt.datetime | None] = []


@services.handler("test.crash")
def crash_handler(progress: services.Progress) -> None:
    progress.save(done=1, total=3, checkpoint={"next": 1})
    raise SystemExit("out of memory")  # not an Exception: the worker just dies


@services.handler("test.slow")
def slow_handler(progress: services.Progress) -> None:
    """Waits longer than the staleness period without saving any progress (a slow Zoom call)."""
    time.sleep(1.2)
    beats.append(Job.objects.get(pk=progress.job.pk).heartbeat_at)


@services.handler("test.always_down")
def always_down_handler(progress: services.Progress) -> None:
    raise ZoomTemporaryError("Zoom is down")


@services.handler("test.waits")
def waiting_handler(progress: services.Progress) -> None:
    raise services.JobDeferred(timezone.now() + dt.timedelta(hours=1), "Waiting for Zoom's daily limit.")


def go_stale(job: Job, settings) -> None:
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_AFTER + 1))


@pytest.mark.django_db
def test_a_worker_that_lost_its_claim_can_neither_save_nor_finish(account, settings):
    job, _ = services.enqueue("test.count", account, params={"n": 3})
    first = services.claim(job.pk)
    assert first is not None and services.claim(job.pk) is None  # its heartbeat is fresh
    go_stale(job, settings)
    second = services.claim(job.pk)
    assert second is not None and second.claim_token != first.claim_token and second.attempts == 2

    with pytest.raises(services.ClaimLost):
        services.Progress(first).save(done=2, checkpoint={"next": 2})
    assert not services.finish(first, Job.Status.SUCCEEDED, result={"by": "first"})
    services.Progress(second).save(done=1, checkpoint={"next": 1})
    assert services.finish(second, Job.Status.SUCCEEDED, result={"by": "second"})
    job.refresh_from_db()
    assert job.status == "succeeded" and job.checkpoint == {"next": 1} and job.result == {"by": "second"}


@pytest.mark.django_db
def test_a_cancelled_job_still_stops_with_job_cancelled_not_a_lost_claim(account):
    job, _ = services.enqueue("test.count", account, params={"n": 3})
    claimed = services.claim(job.pk)
    assert services.cancel(job)
    with pytest.raises(services.JobCancelled) as raised:
        services.Progress(claimed).save(done=1)
    assert not isinstance(raised.value, services.ClaimLost)


@pytest.mark.django_db
def test_a_job_that_crashes_every_time_ends_as_failed_after_job_max_attempts_with_the_reason_shown(
    account, admin, settings
):
    settings.JOB_MAX_ATTEMPTS = 3
    job, _ = services.enqueue("test.crash", account)
    for attempt in range(1, 4):
        with pytest.raises(SystemExit):
            services.run(job.pk)
        assert Job.objects.get(pk=job.pk).attempts == attempt
        go_stale(job, settings)
        requeued = services.requeue_stale()
        assert requeued == ([job.pk] if attempt < 3 else [])
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at
    assert job.error == "Stopped after 3 attempts: the worker died each time."
    assert services.run(job.pk) == "not claimed"
    listed = client_for(admin).get("/jobs/").content.decode()
    assert "Stopped after 3 attempts: the worker died each time." in listed and "Retry" in listed


@pytest.mark.django_db
def test_a_stale_job_taken_by_a_duplicate_message_at_its_last_attempt_fails_instead(account, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    job, _ = services.enqueue("test.crash", account)
    with pytest.raises(SystemExit):
        services.run(job.pk)
    go_stale(job, settings)
    assert services.run(job.pk) == "not claimed"
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Stopped after 1 attempts: the worker died each time."


@pytest.mark.django_db
def test_a_temporary_error_at_the_last_attempt_fails_the_job_with_the_reason(account, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    job, _ = services.enqueue("test.always_down", account)
    with pytest.raises(ZoomTemporaryError):
        services.run(job.pk)
    assert services.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Stopped after 2 attempts: Zoom is down"


@pytest.mark.django_db
def test_a_deferral_is_not_a_failed_attempt(account):
    job, _ = services.enqueue("test.waits", account)
    assert services.run(job.pk) == "deferred"
    job.refresh_from_db()
    assert job.attempts == 0 and job.claim_token is None


@pytest.mark.django_db
def test_a_lost_message_is_sent_again_once_per_staleness_period(account, settings):
    job, _ = services.enqueue("test.count", account, params={"n": 1})
    long_ago = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_AFTER + 1)
    Job.objects.filter(pk=job.pk).update(created_at=long_ago, sent_at=long_ago)
    assert services.requeue_stale() == [job.pk]
    for _beat in range(3):
        assert services.requeue_stale() == []  # the next beats leave it alone
    Job.objects.filter(pk=job.pk).update(sent_at=long_ago)
    assert services.requeue_stale() == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_the_handler_waits(account, settings):
    settings.JOB_STALE_AFTER = 0.4
    beats.clear()
    job, _ = services.enqueue("test.slow", account)
    started = timezone.now()
    assert services.run(job.pk) == "succeeded"
    assert beats[0] > started + dt.timedelta(seconds=0.5)  # beaten while it slept, not only at the claim
