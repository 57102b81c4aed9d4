"""Creating, claiming, advancing and finishing jobs. Handlers register per kind."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.zoom.errors import ZoomTemporaryError

from .models import Job

logger = logging.getLogger(__name__)

Handler = Callable[["Progress"], dict[str, Any] | None]
HANDLERS: dict[str, Handler] = {}
# Called with a job that succeeded (the mirror's full sync goes on from there).
SUCCESS_HOOKS: list[Callable[[Job], None]] = []


class JobCancelled(Exception):
    pass


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


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that does the work of jobs of ``kind``."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
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


def send(job_id: int) -> None:
    from .tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job_id))


def claim(job_id: int) -> Job | None:
    """Take the job if it is queued (or running with a stale heartbeat). Exactly one caller wins."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.JOB_STALE_AFTER)
    won = Job.objects.filter(
        Q(status=Job.Status.QUEUED) | Q(status=Job.Status.RUNNING, heartbeat_at__lt=stale), pk=job_id
    ).update(status=Job.Status.RUNNING, heartbeat_at=now, attempts=F("attempts") + 1, started_at=now)
    return Job.objects.get(pk=job_id) if won else None


class Progress:
    """What a handler sees: its job's params and checkpoint, and ways to report progress.

    ``save`` writes done/total/checkpoint and the heartbeat in one UPDATE; it raises
    JobCancelled when an admin cancelled the job meanwhile.
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
            changes["done"] = self.job.done = done
        if total is not None:
            changes["total"] = self.job.total = total
        if checkpoint is not None:
            changes["checkpoint"] = self.job.checkpoint = checkpoint
        if not Job.objects.filter(pk=self.job.pk, status=Job.Status.RUNNING).update(**changes):
            raise JobCancelled()


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
        result = func(Progress(job))
    except JobCancelled:
        return "cancelled"
    except JobDeferred as exc:
        defer(job, exc)
        return "deferred"
    except Exception as exc:
        if isinstance(exc, ZoomTemporaryError) and job.attempts < settings.JOB_MAX_ATTEMPTS:
            # Leave it for a retry from its checkpoint.
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(status=Job.Status.QUEUED, error=str(exc))
            raise
        logger.exception("job %s failed", job.pk)
        finish(job, Job.Status.FAILED, error=str(exc) or type(exc).__name__)
        return "failed"
    finish(job, Job.Status.SUCCEEDED, result=result or {})
    for hook in SUCCESS_HOOKS:
        hook(job)
    return "succeeded"


def defer(job: Job, deferral: JobDeferred) -> None:
    """Back to the queue until ``resume_at``. The heartbeat is set to then, so the stale-job
    sweep leaves it alone until after that time; the reason shows on the job's page."""
    from .tasks import run_job

    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=Job.Status.QUEUED, heartbeat_at=deferral.resume_at, error=deferral.reason
    )
    if updated:
        transaction.on_commit(lambda: run_job.apply_async((job.pk,), eta=deferral.resume_at))


def finish(job: Job, status: str, *, error: str = "", result: dict | None = None) -> None:
    Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
        status=status, error=error, result=result or {}, finished_at=timezone.now(), heartbeat_at=timezone.now()
    )


def cancel(job: Job) -> bool:
    return bool(
        Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).update(
            status=Job.Status.CANCELLED, finished_at=timezone.now()
        )
    )


def requeue_stale() -> list[int]:
    """Jobs whose worker died: running ones gone quiet go back to the queue, and queued
    ones nobody picked up are sent again. Claiming is conditional, so a duplicate
    message is harmless."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.JOB_STALE_AFTER)
    dead = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=stale)
    dead_ids = list(dead.values_list("pk", flat=True))
    Job.objects.filter(pk__in=dead_ids, status=Job.Status.RUNNING, heartbeat_at__lt=stale).update(
        status=Job.Status.QUEUED
    )
    forgotten = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )
    ids = sorted(set(dead_ids) | set(forgotten.values_list("pk", flat=True)))
    for job_id in ids:
        logger.warning("job %s went stale: re-queued", job_id)
        send(job_id)
    return ids
