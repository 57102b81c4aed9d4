"""Mirror one event's registrants (every status), as its own job so events sync in parallel."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone

from apps.jobs.services import Progress, handler
from apps.meetings.models import Meeting
from apps.mirror.models import parse_time, upsert
from apps.mirror.walk import started_at, walk
from apps.webinars.models import Webinar
from apps.zoom.connections import client_for
from apps.zoom.endpoints import registrants as zoom_registrants

from .models import Registrant

logger = logging.getLogger(__name__)
STATUSES = ("pending", "approved", "denied")
MODELS = {"meeting": Meeting, "webinar": Webinar}


def registrant_row(event_field: str, event, data: dict[str, Any], synced_at: dt.datetime) -> dict | None:
    zoom_id, email = data.get("id"), data.get("email")
    if not isinstance(zoom_id, str) or not zoom_id or not isinstance(email, str) or "@" not in email:
        logger.warning("zoom registrant without id or email skipped")
        return None
    questions = data.get("custom_questions")
    return {
        "account_id": event.account_id,
        event_field: event,
        "synced_at": synced_at,
        "zoom_id": zoom_id,
        "email": email.lower(),
        "first_name": str(data.get("first_name") or "")[:128],
        "last_name": str(data.get("last_name") or "")[:128],
        "status": str(data.get("status") or "approved"),
        "custom_questions": questions if isinstance(questions, list) else [],
        "org": str(data.get("org") or "")[:200],
        "job_title": str(data.get("job_title") or "")[:200],
        "registered_at": parse_time(data.get("create_time")),
    }


def write_registrants(event_field: str, event, items: list[dict], synced_at: dt.datetime, status: str) -> int:
    # The list is per status: a registrant seen in the "pending" list is pending.
    rows = [r for r in (registrant_row(event_field, event, {**i, "status": status}, synced_at) for i in items) if r]
    return upsert(Registrant, rows, unique_fields=[event_field, "zoom_id"])


def write_pending_and_apply_rules(event_field: str, event, items: list[dict], synced_at: dt.datetime) -> int:
    """Write a page of pending registrants, then let the rules decide the ones new to the mirror."""
    zoom_ids = [i.get("id") for i in items if isinstance(i.get("id"), str)]
    known = set(Registrant.objects.filter(**{event_field: event}, zoom_id__in=zoom_ids)
                .values_list("zoom_id", flat=True))
    written = write_registrants(event_field, event, items, synced_at, "pending")
    new_ids = set(zoom_ids) - known
    if new_ids:
        from .rules import apply_rules

        fresh = Registrant.objects.filter(**{event_field: event}, zoom_id__in=new_ids).values_list("pk", flat=True)
        apply_rules(event.account, list(fresh))
    return written


@handler("sync.registrants")
def sync_registrants(progress: Progress) -> dict[str, int]:
    kind = progress.params["event"]
    listing = zoom_registrants.listing(kind)
    event = MODELS[kind].objects.filter(account=progress.job.account, zoom_id=progress.params["zoom_id"]).first()
    if event is None:
        return {"registrants": 0}
    client = client_for(event.account)
    started = started_at(progress)
    for status in STATUSES:
        walk(progress, client, f"registrants:{status}", listing.path, listing.key,
             lambda items, s=status: (write_pending_and_apply_rules(kind, event, items, timezone.now())
                                      if s == "pending"
                                      else write_registrants(kind, event, items, timezone.now(), s)),
             params={"status": status}, **listing.path_params(event.zoom_id))
    stale = Registrant.objects.filter(**{kind: event}, synced_at__lt=started)
    deleted, _ = stale.delete()
    return {"registrants": Registrant.objects.filter(**{kind: event}).count(), "deleted": deleted}


def refresh_registrants(account, kind: str, zoom_id: int) -> None:
    """Re-read one event's registrants now (after a decision or a webhook), as a job."""
    from apps.jobs.services import enqueue

    enqueue("sync.registrants", account, key=f"{kind}:{zoom_id}", params={"event": kind, "zoom_id": zoom_id})
