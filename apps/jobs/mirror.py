"""The mirror's syncs as the overview shows them, and the periodic schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Job
from .services import enqueue

RESOURCES = {
    "users": ("sync.users", "Users"),
    "meetings": ("sync.meetings", "Meetings"),
    "webinars": ("sync.webinars", "Webinars"),
    "registrants": ("sync.registrants", "Registrants"),
}
# A full sync: users first (meetings are listed per host), then the events, whose
# syncs start one registrant sync per event with registration.
CHAIN = {"sync.users": ("sync.meetings", "sync.webinars", "sync.groups")}
# Jobs that "Sync now" of a resource starts besides its own: group names come with the users.
ALONGSIDE = {"users": ("sync.groups",)}


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
    from apps.meetings.models import Meeting
    from apps.registrants.models import Registrant
    from apps.users.models import ZoomUser
    from apps.webinars.models import Webinar

    models = {"users": ZoomUser, "meetings": Meeting, "webinars": Webinar, "registrants": Registrant}
    return {name: model.objects.filter(account=account).count() for name, model in models.items()}


def sync_states(account) -> list[SyncState]:
    counts = mirrored_counts(account)
    states = []
    for resource, (kind, label) in RESOURCES.items():
        # Jobs run alongside (the groups' names with the users) show on their resource's row.
        jobs = Job.objects.filter(account=account, kind__in=(kind, *ALONGSIDE.get(resource, ())))
        active = list(jobs.filter(status__in=Job.ACTIVE))
        synced_at = last_synced(account, kind)
        last_failed = jobs.filter(status=Job.Status.FAILED).order_by("-finished_at").first()
        error = ""
        if last_failed and (synced_at is None or last_failed.finished_at > synced_at):
            error = last_failed.error
        states.append(SyncState(
            resource=resource,
            label=label,
            count=counts[resource],
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


def start_full_sync(account, user=None) -> Job:
    job, _ = enqueue("sync.users", account, params={"chain": True}, user=user)
    return job


def start_sync(account, resource: str, user=None) -> Job:
    if resource == "registrants":
        # One job per event with registration: the events' syncs start them.
        job, _ = enqueue("sync.meetings", account, user=user)
        enqueue("sync.webinars", account, user=user)
        return job
    job, _ = enqueue(RESOURCES[resource][0], account, user=user)
    for kind in ALONGSIDE.get(resource, ()):
        enqueue(kind, account, user=user)
    return job


def chain_after(job: Job) -> None:
    for kind in CHAIN.get(job.kind, ()):
        enqueue(kind, job.account, user=job.created_by)


def due_accounts():
    """Connected accounts whose last full sync started longer ago than SYNC_INTERVAL."""
    from apps.accounts.models import ZoomAccount, ZoomOAuthConnection

    cutoff = timezone.now() - dt.timedelta(seconds=settings.SYNC_INTERVAL)
    recent = Job.objects.filter(kind="sync.users").filter(Q(created_at__gte=cutoff) | Q(status__in=Job.ACTIVE))
    return ZoomAccount.objects.filter(connections__state=ZoomOAuthConnection.State.CONNECTED).exclude(
        pk__in=recent.values("account_id")
    ).distinct()
