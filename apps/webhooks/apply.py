"""Apply a stored Zoom event to the mirror. Every handler is safe to run twice.

Payload shapes are Zoom's (its webhook reference; zoom/rivet-javascript's event types):
- ``meeting.registration_created``: ``payload.object`` is the meeting (``id``, ``uuid``,
  ``host_id``, ``topic``, ...) with ``registrant`` {``id``, ``email``, ``first_name``,
  ``last_name``, ``status``, ...}; ``registration_approved|denied|cancelled`` carry the
  same object with a registrant without ``status``; ``webinar.registration_*`` likewise.
- ``meeting.created|updated|deleted``: ``payload.object`` has the meeting's ``id`` (deleting
  one occurrence sends ``occurrences``); ``webinar.*`` likewise.
- ``user.created|updated|activated|deactivated|deleted|disassociated``: ``payload.object.id``.

An event about an object the mirror lacks refreshes that object from Zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.meetings.models import Meeting
from apps.meetings.sync import refresh_meeting
from apps.mirror.models import upsert
from apps.registrants.models import Registrant
from apps.registrants.rules import apply_rules
from apps.registrants.sync import refresh_registrants, registrant_row
from apps.users.models import ZoomUser
from apps.users.sync import refresh_user, roles_follow_mirror
from apps.webinars.models import Webinar
from apps.webinars.sync import refresh_webinar

from .models import WebhookEvent

Outcome = tuple[str, str]  # (status, note)
Handler = Callable[[ZoomAccount, dict[str, Any], WebhookEvent], Outcome]

APPLIED = WebhookEvent.Status.APPLIED
IGNORED = WebhookEvent.Status.IGNORED

EVENT_MODELS: dict[str, type[Meeting] | type[Webinar]] = {"meeting": Meeting, "webinar": Webinar}
# The registrant's status after each registration event (Zoom turns a cancelled approval into denied).
REGISTRATION_STATUS = {"approved": "approved", "denied": "denied", "cancelled": "denied"}


class BadPayload(ValueError):
    """The event lacks what its type promises: applying it again cannot help."""


def refresh(kind: str, account: ZoomAccount, zoom_id: int) -> Meeting | Webinar | None:
    return (refresh_meeting if kind == "meeting" else refresh_webinar)(account, zoom_id)


def _object(payload: dict[str, Any]) -> dict[str, Any]:
    obj = payload.get("object")
    if not isinstance(obj, dict):
        raise BadPayload("payload.object is missing")
    return obj


def _event_id(obj: dict[str, Any]) -> int:
    try:
        return int(obj["id"])
    except (KeyError, TypeError, ValueError):
        raise BadPayload("payload.object.id is missing or not a number") from None


def event_time(event: WebhookEvent) -> dt.datetime:
    if event.event_ts:
        return dt.datetime.fromtimestamp(event.event_ts / 1000, tz=dt.UTC)
    return event.received_at or timezone.now()


# --- Meetings and webinars -----------------------------------------------------------------


def event_changed(kind: str) -> Handler:
    def handle(account: ZoomAccount, payload: dict[str, Any], event: WebhookEvent) -> Outcome:
        zoom_id = _event_id(_object(payload))
        found = refresh(kind, account, zoom_id)
        return APPLIED, "" if found is not None else f"The {kind} is gone at Zoom: removed here."

    return handle


def event_deleted(kind: str) -> Handler:
    def handle(account: ZoomAccount, payload: dict[str, Any], event: WebhookEvent) -> Outcome:
        obj = _object(payload)
        zoom_id = _event_id(obj)
        if obj.get("occurrences"):  # one occurrence deleted: the event stays, re-read it
            return event_changed(kind)(account, payload, event)
        EVENT_MODELS[kind].objects.filter(account=account, zoom_id=zoom_id).delete()
        return APPLIED, ""

    return handle


# --- Registrants -----------------------------------------------------------------------------


def registration(kind: str, action: str) -> Handler:
    def handle(account: ZoomAccount, payload: dict[str, Any], event: WebhookEvent) -> Outcome:
        obj = _object(payload)
        zoom_id = _event_id(obj)
        data = obj.get("registrant")
        if not isinstance(data, dict) or not data.get("id"):
            raise BadPayload("payload.object.registrant.id is missing")
        parent = EVENT_MODELS[kind].objects.filter(account=account, zoom_id=zoom_id).first()
        note = ""
        if parent is None:
            # Unknown here: read the event, then all its registrants (this one included).
            parent = refresh(kind, account, zoom_id)
            if parent is None:
                return IGNORED, f"The {kind} is gone at Zoom."
            refresh_registrants(account, kind, zoom_id)
            note = f"The {kind} was not mirrored yet: refreshed it and its registrants."
        status = str(data.get("status") or "pending") if action == "created" else REGISTRATION_STATUS[action]
        existing = Registrant.objects.filter(**{kind: parent}, zoom_id=str(data["id"]))
        if action != "created" and existing.exists():
            # Decisions carry a short registrant: change only what they say.
            existing.update(status=status, synced_at=timezone.now())
            return APPLIED, note
        row = registrant_row(kind, parent, {**data, "status": status}, timezone.now())
        if row is None:
            raise BadPayload("payload.object.registrant has no email")
        if row["registered_at"] is None:
            row["registered_at"] = event_time(event)
        was_known = existing.exists()
        upsert(Registrant, [row], unique_fields=[kind, "zoom_id"])
        if status == Registrant.Status.PENDING and not was_known:
            # A new pending registrant: the auto-approval rules decide it now (audited as the rule).
            summary = apply_rules(account, list(existing.values_list("pk", flat=True)))
            if summary["by_rule"]:
                note = f"{note} Rules: {summary['by_rule']}".strip()
        return APPLIED, note

    return handle


# --- Users -----------------------------------------------------------------------------------


def user_changed(account: ZoomAccount, payload: dict[str, Any], event: WebhookEvent) -> Outcome:
    zoom_id = _object(payload).get("id")
    if not isinstance(zoom_id, str) or not zoom_id:
        raise BadPayload("payload.object.id is missing")
    found = refresh_user(account, zoom_id)  # roles follow the user's status (apps.users.sync)
    return APPLIED, "" if found is not None else "The user is gone at Zoom: removed here."


def user_deleted(account: ZoomAccount, payload: dict[str, Any], event: WebhookEvent) -> Outcome:
    zoom_id = _object(payload).get("id")
    if not isinstance(zoom_id, str) or not zoom_id:
        raise BadPayload("payload.object.id is missing")
    ZoomUser.objects.filter(account=account, zoom_id=zoom_id).delete()
    # Removed from the account: their role here ends (from their next request on).
    suspended = roles_follow_mirror(account, [zoom_id])
    return APPLIED, f"Suspended {suspended} role(s)." if suspended else ""


HANDLERS: dict[str, Handler] = {
    **{f"{kind}.created": event_changed(kind) for kind in EVENT_MODELS},
    **{f"{kind}.updated": event_changed(kind) for kind in EVENT_MODELS},
    **{f"{kind}.deleted": event_deleted(kind) for kind in EVENT_MODELS},
    **{
        f"{kind}.registration_{action}": registration(kind, action)
        for kind in EVENT_MODELS
        for action in ("created", "approved", "denied", "cancelled")
    },
    **{f"user.{action}": user_changed for action in ("created", "updated", "activated", "deactivated",
                                                      "invitation_accepted")},
    "user.deleted": user_deleted,
    "user.disassociated": user_deleted,
}


def apply(event: WebhookEvent) -> Outcome:
    """Apply one event; returns (applied or ignored, a note). Raises on failure."""
    handler = HANDLERS.get(event.event_type)
    if handler is None:
        return IGNORED, "This event type is not used by the dashboard."
    if event.account is None:
        return IGNORED, "No connected Zoom account has this account_id."
    return handler(event.account, event.payload or {}, event)
