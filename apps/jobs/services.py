"""Creating, claiming, advancing and finishing jobs. Handlers register per kind."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.zoom.budget import DailyCapReached
from apps.zoom.errors import ZoomTemporaryError
from apps.zoom.priority import BACKGROUND, JOB, priority

from .models import Job

logger = logging.getLogger(__name__)

Handler = Callable[["Progress"], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}
# Kinds that are background work even when a person started them (none yet: see priority_of).
BACKGROUND_KINDS: set[str] = set()
# Called with a job that succeeded (the mirror's full sync goes on from there).
SUCCESS_HOOKS: list[Callable[[Job], None]] = []


class JobCancelled(Exception):
    pass


class ClaimLost(JobCancelled):
    """This worker's claim is no longer the job's (its heartbeat went stale and another worker
    took the job over): stop without finishing, the new holder goes on from the checkpoint."""


class JobDeferred(Exception):
    """Raised by a handler that must wait (e.g. until Zoom's daily cap resets at ``resume_at``):
    the job goes back to the queue with its checkpoint and runs again then."""

    def __init__(self, resume_at: dt.datetime, reason: str):
        super().__init__(reason)
        self.resume_at = resume_at
        self.reason = reason


def on_success(hook: Callable[[Job], None]) -> None:
    """Register ``hook`` to run after any job succeeds (a higher layer's follow-up work)."""
    if hook not in SUCCESS_HOOKS:
        SUCCESS_HOOKS.append(hook)


def handler(kind: str, *, background: bool = False) -> Callable[[Handler], Handler]:
    """Register the function that does the work of jobs of ``kind``; ``background``: its Zoom
    calls leave the daily reserve to people even when a person started it."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        if background:
            BACKGROUND_KINDS.add(kind)
        return func

    return register


def enqueue(kind: str, account, *, key: str = "", params: dict | None = None, user=None) -> tuple[Job, bool]:
    """Create a job and send it to a worker after commit; an active job of the same
    kind and key is returned instead of a duplicate. Returns (job, created)."""
    existing = Job.objects.filter(account=account, kind=kind, key=key, status__in=Job.ACTIVE).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            job = Job.objects.create(account=account, kind=kind, key=key, params=params or {}, created_by=user)
    except IntegrityError:  # another request created it meanwhile
        return Job.objects.get(account=account, kind=kind, key=key, status__in=Job.ACTIVE), False
    send(job.pk)
    return job, True


def priority_of(job: Job) -> str:
    """A job a person started is ``job`` work; one nobody started (beat's syncs, backfills,
    the overview refresh) and the registered background kinds are ``background``."""
    if job.created_by_id is None or job.kind in BACKGROUND_KINDS:
        return BACKGROUND
    return JOB


def send(job_id: int) -> None:
    from .tasks import run_job

    Job.objects.filter(pk=job_id).update(sent_at=timezone.now())
    transaction.on_commit(lambda: run_job.delay(job_id))


def _stale_before(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(seconds=settings.JOB_STALE_AFTER)


def gave_up(attempts: int) -> str:
    return f"Stopped after {attempts} attempts: the worker died each time."


def claim(job_id: int) -> Job | None:
    """Take the job if it is queued (or running with a stale heartbeat), with a new fencing
    token. Exactly one caller wins. A job that has used up JOB_MAX_ATTEMPTS fails instead."""
    now = timezone.now()
    claimable = Job.objects.filter(
        Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=_stale_before(now)), pk=job_id
    )
    used_up = claimable.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS)
    attempts = used_up.values_list("attempts", flat=True).first()
    if attempts is not None:
        used_up.update(status=Job.Status.FAILED, error=gave_up(attempts), claim_token=None, finished_at=now)
        return None
    token = uuid.uuid4()
    won = claimable.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        status=Job.Status.RUNNING, claim_token=token, heartbeat_at=now, attempts=F("attempts") + 1, started_at=now
    )
    if not won:
        return None
    job = Job.objects.get(pk=job_id)
    job.claim_token = token  # ours, even if another worker took the row over since
    return job


def held(job: Job):
    """The job's row, as long as this claim still holds it."""
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, claim_token=job.claim_token)


class Heartbeat:
    """Beats for a running job from a thread of its own, whatever the work does meanwhile (a
    slow Zoom call, a long page), every JOB_STALE_AFTER / 4 seconds. Stops when the claim is
    lost (cancelled, or taken over); the work notices at its next progress save."""

    def __init__(self, job: Job):
        self.job = job
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job.pk}-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        # Inside a transaction (a test's, an inline run) another connection would not see the row.
        if not connection.in_atomic_block:
            self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)

    def _beat(self) -> None:
        interval = max(0.05, settings.JOB_STALE_AFTER / 4)
        try:
            while not self.stopped.wait(interval):
                try:
                    if not held(self.job).update(heartbeat_at=timezone.now()):
                        return
                except Exception:  # a failed beat must not end the beating: the next one may pass
                    logger.exception("heartbeat of job %s failed", self.job.pk)
        finally:
            connection.close()  # this thread's own connection


class Progress:
    """What a handler sees: its job's params and checkpoint, and ways to report progress.

    ``save`` writes done/total/checkpoint and the heartbeat in one UPDATE, only while this
    claim holds the job: it raises JobCancelled when an admin cancelled the job meanwhile,
    and ClaimLost when another worker took it over.
    """

    def __init__(self, job: Job):
        self.job = job

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params

    @property
    def checkpoint(self) -> dict[str, Any]:
        return self.job.checkpoint

    def save(self, *, done: int | None = None, total: int | None = None, checkpoint: dict | None = None) -> None:
        changes: dict[str, Any] = {"heartbeat_at": timezone.now()}
        if done is not None:
            changes["done"] = done
        if total is not None:
            changes["total"] = total
        if checkpoint is not None:
            changes["checkpoint"] = checkpoint
        if not held(self.job).update(**changes):
            raise _why_not_held(self.job)
        for name, value in changes.items():
            setattr(self.job, name, value)


def _why_not_held(job: Job) -> JobCancelled:
    status = Job.objects.filter(pk=job.pk).values_list("status", flat=True).first()
    return JobCancelled() if status == Job.Status.CANCELLED else ClaimLost()


def run(job_id: int) -> str:
    """Claim and run one job; safe to call twice or after a crash."""
    job = claim(job_id)
    if job is None:
        return "not claimed"
    func = HANDLERS.get(job.kind)
    if func is None:
        finish(job, Job.Status.FAILED, error=f"No handler for jobs of kind {job.kind!r}.")
        return "failed"
    try:
        with Heartbeat(job), priority(priority_of(job)):
            result = func(Progress(job))
    except ClaimLost:
        logger.warning("job %s: lost the claim, stopped", job.pk)
        return "lost the claim"
    except JobCancelled:
        return "cancelled"
    except JobDeferred as exc:
        defer(job, exc)
        return "deferred"
    except DailyCapReached as exc:  # a handler that did not defer itself: wait for the reset all the same
        defer(job, JobDeferred(exc.resume_at, exc.message))
        return "deferred"
    except Exception as exc:
        if isinstance(exc, ZoomTemporaryError):
            if job.attempts < settings.JOB_MAX_ATTEMPTS:
                # Leave it for a retry from its checkpoint (the task's autoretry sends it).
                held(job).update(status=Job.Status.QUEUED, error=str(exc), claim_token=None,
                                 sent_at=timezone.now())
                raise
            exc_text = f"Stopped after {job.attempts} attempts: {exc}"
        else:
            exc_text = str(exc) or type(exc).__name__
        logger.exception("job %s failed", job.pk)
        finish(job, Job.Status.FAILED, error=exc_text)
        return "failed"
    if not finish(job, Job.Status.SUCCEEDED, result=result or {}):
        return "lost the claim"
    for hook in SUCCESS_HOOKS:
        hook(job)
    return "succeeded"


def defer(job: Job, deferral: JobDeferred) -> None:
    """Back to the queue until ``resume_at``. The heartbeat is set to then, so the stale-job
    sweep leaves it alone until after that time; the reason shows on the job's page. Waiting
    is not a failed attempt: the claim is given back."""
    from .tasks import run_job

    updated = held(job).update(
        status=Job.Status.QUEUED, heartbeat_at=deferral.resume_at, sent_at=deferral.resume_at,
        error=deferral.reason, claim_token=None, attempts=F("attempts") - 1,
    )
    if updated:
        transaction.on_commit(lambda: run_job.apply_async((job.pk,), eta=deferral.resume_at))


def finish(job: Job, status: str, *, error: str = "", result: dict | None = None) -> bool:
    """End the job, if this claim still holds it. Returns whether it did."""
    now = timezone.now()
    return bool(held(job).update(status=status, error=error, result=result or {}, finished_at=now, heartbeat_at=now))


def cancel(job: Job) -> bool:
    """Cancel a queued or running job; its worker stops at its next progress save."""
    return bool(
        Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now(), claim_token=None
        )
    )


def retry(job: Job) -> bool:
    """A failed job back to the queue, from its checkpoint, with its attempts counted anew.
    False when it is no longer failed, or another job of its kind and key is active."""
    try:
        with transaction.atomic():
            updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
                status=Job.Status.QUEUED, attempts=0, error="", result={}, finished_at=None, claim_token=None,
                heartbeat_at=None,
            )
    except IntegrityError:  # one active job per kind and key
        return False
    if updated:
        send(job.pk)
    return bool(updated)


def requeue_stale() -> list[int]:
    """Jobs whose worker died: running ones gone quiet go back to the queue (or fail, once
    they used up JOB_MAX_ATTEMPTS), and queued ones nobody picked up are sent again, at most
    once per staleness period. Claiming is conditional, so a duplicate message is harmless."""
    now = timezone.now()
    stale = _stale_before(now)
    ids: set[int] = set()
    for job_id, attempts in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale).values_list(
        "pk", "attempts"
    ):
        dead = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, heartbeat_at__lt=stale, attempts=attempts)
        if attempts >= settings.JOB_MAX_ATTEMPTS:
            if dead.update(status=Job.Status.FAILED, error=gave_up(attempts), claim_token=None, finished_at=now):
                logger.warning("job %s went stale %s times: failed", job_id, attempts)
        elif dead.update(status=Job.Status.QUEUED, claim_token=None):
            ids.add(job_id)
    forgotten = (
        Job.objects.filter(status=Job.Status.QUEUED)
        .filter(Q(sent_at__lt=stale) | Q(sent_at__isnull=True, created_at__lt=stale))
        .exclude(heartbeat_at__gte=stale)  # deferred until then, or it just ran
    )
    ids |= set(forgotten.values_list("pk", flat=True))
    for job_id in sorted(ids):
        logger.warning("job %s went stale: re-sent", job_id)
        send(job_id)
    return sorted(ids)
