"""The mirror's syncs as the overview shows them, and the periodic schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import ZoomAccount, ZoomOAuthConnection
from apps.jobs.models import Job
from apps.jobs.services import enqueue

from .registry import FIRST, REGISTRY


@dataclass
class SyncState:
    resource: str
    label: str
    count: int
    running: int
    done: int
    total: int | None
    last_synced_at: dt.datetime | None
    last_error: str

    @property
    def percent(self) -> int | None:
        return min(100, round(100 * self.done / self.total)) if self.total else None


def mirrored_counts(account) -> dict[str, int]:
    return {name: r.model.objects.filter(account=account).count() for name, r in REGISTRY.resources.items()}


def sync_states(account) -> list[SyncState]:
    counts = mirrored_counts(account)
    states = []
    for name, resource in REGISTRY.resources.items():
        jobs = Job.objects.filter(account=account, kind__in=resource.jobs)
        active = list(jobs.filter(status__in=Job.ACTIVE))
        synced_at = last_synced(account, resource.kind)
        last_failed = jobs.filter(status=Job.Status.FAILED).order_by("-finished_at").first()
        error = ""
        if last_failed and (synced_at is None or last_failed.finished_at > synced_at):
            error = last_failed.error
        states.append(SyncState(
            resource=name,
            label=resource.label,
            count=counts[name],
            running=len(active),
            done=sum(j.done for j in active),
            total=sum(j.total or 0 for j in active) or None,
            last_synced_at=synced_at,
            last_error=error,
        ))
    return states


def last_synced(account, kind: str) -> dt.datetime | None:
    """When a sync of ``kind`` last finished well (the lists' "Synced 5 minutes ago")."""
    return (Job.objects.filter(account=account, kind=kind, status=Job.Status.SUCCEEDED)
            .order_by("-finished_at").values_list("finished_at", flat=True).first())


def is_resource(name: str) -> bool:
    return name in REGISTRY.resources


def start_full_sync(account, user=None) -> Job:
    job, _ = enqueue(FIRST, account, params={"chain": True}, user=user)
    return job


def start_sync(account, resource: str, user=None) -> Job:
    """"Sync now" of one resource; returns the first job it started."""
    first, *rest = REGISTRY.resources[resource].starts
    job, _ = enqueue(first, account, user=user)
    for kind in rest:
        enqueue(kind, account, user=user)
    return job


def continue_full_sync(job: Job) -> None:
    """Run after every job that succeeded: a full sync's job starts the ones that follow it."""
    if job.params.get("chain"):
        chain_after(job)


def chain_after(job: Job) -> None:
    """The jobs registered to follow this one start."""
    for kind in REGISTRY.followers.get(job.kind, ()):
        enqueue(kind, job.account, user=job.created_by)


def due_accounts():
    """Connected accounts whose last full sync started longer ago than SYNC_INTERVAL."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.SYNC_INTERVAL)
    recent = Job.objects.filter(kind=FIRST).filter(Q(created_at__gte=cutoff) | Q(status__in=Job.ACTIVE))
    return ZoomAccount.objects.filter(connections__state=ZoomOAuthConnection.State.CONNECTED).exclude(
        pk__in=recent.values("account_id")
    ).distinct()
