"""Mirror an event type (meetings, webinars): list per host, then each event's detail
(settings, recurrence, occurrences), sweep, and start the registrant syncs.

Every Zoom read of events is here; the types' apps register the sync handler
(``sync_events`` with their descriptor) and add what only they have (panelists)."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.jobs.services import Progress, enqueue
from apps.mirror.models import parse_time, upsert
from apps.mirror.walk import started_at, walk
from apps.users.models import ZoomUser
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import events as zoom_events
from apps.zoom.errors import ZoomRefused

from .models import ZoomEvent
from .types import EventType

logger = logging.getLogger(__name__)
DETAIL_THREADS = 4


def list_row(event_type: EventType, account: ZoomAccount, data: dict[str, Any],
             synced_at: dt.datetime) -> dict | None:
    zoom_id = data.get("id")
    if not isinstance(zoom_id, int) or isinstance(zoom_id, bool):
        logger.warning("zoom %s without a numeric id skipped", event_type.noun)
        return None
    return {
        "account": account,
        "synced_at": synced_at,
        "zoom_id": zoom_id,
        "uuid": str(data.get("uuid") or "")[:64],
        "host_zoom_id": str(data.get("host_id") or "")[:64],
        "topic": str(data.get("topic") or "")[:300],
        "type": int(data.get("type") or event_type.zoom_types[0]),
        "start_time": parse_time(data.get("start_time")),
        "duration": max(0, int(data.get("duration") or 0)),
        "timezone": str(data.get("timezone") or "")[:64],
        "agenda": str(data.get("agenda") or ""),
        "join_url": str(data.get("join_url") or "")[:1000],
        "zoom_created_at": parse_time(data.get("created_at")),
        # The list carries no settings: the detail is fetched again in this sync.
        "detailed": False,
    }


def ends_at(start: dt.datetime | None, duration: int, occurrences: list[dict]) -> dt.datetime | None:
    ends = [o["start_time"] + dt.timedelta(minutes=o["duration"]) for o in occurrences if o["start_time"]]
    if start:
        ends.append(start + dt.timedelta(minutes=duration))
    return max(ends) if ends else None


def apply_detail(event_type: EventType, event: ZoomEvent, data: dict[str, Any]) -> None:
    """Store what only the detail carries. ``start_url`` and passwords are never kept."""
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    occurrences = [
        {"occurrence_id": str(o.get("occurrence_id")), "start_time": parse_time(o.get("start_time")),
         "duration": max(0, int(o.get("duration") or 0)), "status": str(o.get("status") or "available")}
        for o in data.get("occurrences") or []
        if isinstance(o, dict) and o.get("occurrence_id") and parse_time(o.get("start_time"))
    ]
    fk = event_type.model.occurrences.field.name  # the occurrence's foreign key to its event
    with transaction.atomic():
        event.settings = settings
        event.recurrence = data.get("recurrence") if isinstance(data.get("recurrence"), dict) else None
        event.host_email = str(data.get("host_email") or "")[:254]
        event.status = str(data.get("status") or "")[:16]
        event.registration_url = str(data.get("registration_url") or "")[:1000]
        event.ends_at = ends_at(event.start_time, event.duration, occurrences)
        event.detailed = True
        event.save(update_fields=["settings", "recurrence", "host_email", "status", "registration_url", "ends_at",
                                  "detailed"])
        event_type.occurrence_model.objects.filter(**{fk: event}).exclude(
            occurrence_id__in=[o["occurrence_id"] for o in occurrences]
        ).delete()
        upsert(event_type.occurrence_model, [{fk: event, **o} for o in occurrences],
               unique_fields=[fk, "occurrence_id"])


def read_event(event_type: EventType, client: ZoomClient, zoom_id: int) -> dict[str, Any]:
    """Zoom's whole event (``GET /meetings/{meetingId}``): settings, recurrence, occurrences,
    and secrets the mirror never keeps (``start_url``, the passcode)."""
    return zoom_events.get_event(client, event_type.noun, zoom_id)


def fetch_detail(event_type: EventType, client: ZoomClient, event: ZoomEvent) -> None:
    try:
        data = read_event(event_type, client, event.zoom_id)
    except ZoomRefused as exc:
        if exc.status == 404:  # deleted at Zoom since the list was read
            event.delete()
            return
        raise
    finally:
        connections.close_all()
    apply_detail(event_type, event, data)


def sync_events(event_type: EventType, progress: Progress) -> dict[str, int]:
    account = progress.job.account
    listing = zoom_events.listing(event_type.noun)
    client = client_for(account)
    started = started_at(progress)
    # Pending invitations host nothing; inactive users keep their meetings.
    hosts = (
        ZoomUser.objects.filter(account=account)
        .exclude(status=ZoomUser.Status.PENDING)
        .order_by("zoom_id")
        .values_list("zoom_id", flat=True)
    )

    def write(items: list[dict[str, Any]]) -> int:
        now = timezone.now()
        rows = [r for r in (list_row(event_type, account, item, now) for item in items) if r]
        return upsert(event_type.model, rows, unique_fields=["account", "zoom_id"])

    for host in hosts:
        try:
            walk(progress, client, f"{listing.key}:{host}", listing.path, listing.key, write,
                 params=event_type.list_params, **listing.path_params(host))
        except ZoomRefused as exc:
            if exc.status != 404:
                raise
            logger.info("host %s is gone at Zoom: skipped until the next users sync", host)
    # Details in parallel: separate labels and connections; the rate budget keeps the pace.
    pending = list(event_type.model.objects.filter(account=account, synced_at__gte=started, detailed=False))
    with ThreadPoolExecutor(DETAIL_THREADS) as pool:
        for i, _ in enumerate(pool.map(lambda e: fetch_detail(event_type, client, e), pending), start=1):
            if i % 20 == 0 or i == len(pending):
                progress.save(done=i, total=len(pending))  # also the heartbeat of a long phase
    deleted, _ = event_type.model.objects.filter(account=account, synced_at__lt=started).delete()
    events = event_type.model.objects.filter(account=account)
    for event in events.filter(settings__approval_type__in=[0, 1]).only("zoom_id"):
        enqueue("sync.registrants", account, key=f"{event_type.noun}:{event.zoom_id}",
                params={"event": event_type.noun, "zoom_id": event.zoom_id})
    return {listing.key: events.count(), "deleted": deleted}


def refresh_event(event_type: EventType, account: ZoomAccount, zoom_id: int,
                  client: ZoomClient | None = None) -> ZoomEvent | None:
    """Re-read one meeting or webinar from Zoom (after a write or a webhook); gone → deleted here."""
    client = client or client_for(account)
    try:
        data = read_event(event_type, client, zoom_id)
    except ZoomRefused as exc:
        if exc.status in (404, 400) and exc.code in (3001, 300, None):
            event_type.model.objects.filter(account=account, zoom_id=zoom_id).delete()
            return None
        raise
    row = list_row(event_type, account, data, timezone.now())
    if row is None:
        return None
    upsert(event_type.model, [row], unique_fields=["account", "zoom_id"])
    event = event_type.model.objects.get(account=account, zoom_id=row["zoom_id"])
    apply_detail(event_type, event, data)
    return event
