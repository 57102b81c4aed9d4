"""Writes to Zoom events: create, update (all or one occurrence), delete; start link and invitation.

Each write goes to Zoom first through ``apps.zoom.writes.audited_write`` (audited with its
result; a refusal becomes a ``ZoomWriteError`` naming the form field it belongs to, and
nothing is written locally); the mirror is then refreshed from Zoom's own answer
(``refresh_event``). Every event write call of the project is here, its paths taken from
the ``EventType``.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from apps.accounts.models import ZoomAccount
from apps.zoom.budget import DailyCapReached
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import events as zoom_events
from apps.zoom.errors import ZoomError
from apps.zoom.writes import Check, Fields, Target, ZoomWriteError, audited_write, write_error

from .models import ZoomEvent
from .sync import read_event, refresh_event
from .types import EventType

logger = logging.getLogger(__name__)

# Zoom's names for the body fields both types share (as its 300 "Invalid field: …" messages
# say them) -> form fields; each type adds its own (``EventType.zoom_fields``).
ZOOM_FIELDS: dict[str, str] = {
    "topic": "topic", "agenda": "agenda", "password": "passcode", "start_time": "start_date", "timezone": "timezone",
    "duration": "duration", "type": "repeat", "schedule_for": "host", "recurrence": "repeat",
    "recurrence.type": "repeat", "recurrence.repeat_interval": "repeat_interval",
    "recurrence.weekly_days": "weekly_days", "recurrence.monthly_day": "monthly_day",
    "recurrence.monthly_week": "monthly_week", "recurrence.monthly_week_day": "monthly_week_day",
    "recurrence.end_times": "end_times", "recurrence.end_date_time": "end_date",
    "settings.approval_type": "registration", "settings.registration_type": "registration_type",
    "settings.alternative_hosts": "alternative_hosts", "settings.audio": "audio",
    "settings.auto_recording": "auto_recording", "settings.meeting_authentication": "meeting_authentication",
}
# Zoom's error codes that belong to one field whatever the message says.
ZOOM_CODES: dict[int | str, str] = {
    1001: "host",  # user does not exist
    1010: "host",  # user does not belong to this account
    3000: "passcode",  # "Invalid password" and the account's passcode rules
    3161: "host",  # hosting and scheduling not allowed for this user
    1114: "alternative_hosts",  # alternative host not found / not licensed
    1115: "alternative_hosts",
    3003: "host",  # "You are not the meeting host"
}
# Words in Zoom's message that point at a field when no field is named.
ZOOM_WORDS: tuple[tuple[str, str], ...] = (
    ("alternative host", "alternative_hosts"), ("passcode", "passcode"), ("password", "passcode"),
    ("schedule_for", "host"), ("scheduling privilege", "host"), ("registration", "registration"),
    ("recurrence", "repeat"), ("start_time", "start_date"), ("agenda", "agenda"), ("topic", "topic"),
)
DAILY_WRITES = 100  # Zoom: meeting (and webinar) creates and updates per host per day


def fields(event_type: EventType) -> Fields:
    """Where Zoom's refusals of this type's writes go on its form."""
    return Fields(codes=ZOOM_CODES, names={**ZOOM_FIELDS, **event_type.zoom_fields}, words=ZOOM_WORDS)


def daily_cap(event_type: EventType, exc: ZoomError, host_label: str = "") -> ZoomWriteError | None:
    """Zoom's per-host daily cap on creates and updates (or the account's daily budget) in
    words that say when to try again; None for any other error."""
    if not (isinstance(exc, DailyCapReached) or (exc.status == 429 and "daily" in (exc.message or "").lower())):
        return None
    who = f"{host_label} has" if host_label else "this host has"
    return ZoomWriteError(
        f"Zoom allows {DAILY_WRITES} {event_type.noun} creates and updates per host per day, and {who} reached it. "
        f"Nothing was changed. Zoom resets the count at 00:00 UTC; try again then.",
        status=429, code=exc.code)


def safe_detail(body: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of a body: never the passcode."""
    return {k: v for k, v in body.items() if k != "password"}


class CreatedId:
    """A create's audit target id: Zoom gives it in its answer, and ``audited_write`` records
    the target after ``send()`` returns, so the row names the new event."""

    def __init__(self) -> None:
        self.value = ""

    def __bool__(self) -> bool:
        return bool(self.value)

    def __str__(self) -> str:
        return str(self.value)


def _refresh(event_type: EventType, account: ZoomAccount, zoom_id: int, client: ZoomClient) -> ZoomEvent | None:
    """The mirror follows Zoom's answer; if reading it back fails, the next sync catches up."""
    try:
        return refresh_event(event_type, account, zoom_id, client)
    except ZoomError as exc:
        logger.warning("%s %s written at Zoom but not re-read: %s", event_type.noun, zoom_id, exc)
        return event_type.model.objects.filter(account=account, zoom_id=zoom_id).first()


def create(event_type: EventType, account: ZoomAccount, actor, *, host_id: str, body: dict[str, Any],
           host_label: str = "") -> ZoomEvent | None:
    """POST /users/{host}/…: the connection is admin-level, so it schedules in the host's name directly
    (``schedule_for`` is only needed when a user schedules for another through a user-level app)."""
    new_id = CreatedId()

    def send() -> tuple[ZoomClient, int]:
        client = client_for(account)
        data = zoom_events.create_event(client, event_type.noun, host_id, body)
        new_id.value = str(int(data["id"]))
        return client, int(data["id"])

    client, zoom_id = audited_write(
        f"{event_type.noun}.created", account, actor, Target(type=event_type.noun, id=new_id,
                                                             label=body.get("topic", "")), send,
        fields=fields(event_type), detail={**safe_detail(body), "host": host_label or host_id},
        explain=lambda exc: daily_cap(event_type, exc, host_label), check=created_check(event_type, host_id, body,
                                                                                         host_label))
    return _refresh(event_type, account, zoom_id, client)


def created_check(event_type: EventType, host_id: str, body: dict[str, Any], host_label: str = "") -> Check:
    """Where to look when a create's answer was lost: the host's events with that topic (and time)."""
    topic = str(body.get("topic") or "")
    start = str(body.get("start_time") or "")
    zone = f" {body['timezone']}" if body.get("timezone") and not start.endswith("Z") else ""
    when = f" at {start.replace('T', ' ')[:16]}{zone}" if start else ""
    whose = f"{host_label}'s" if host_label else "the host's"
    return Check(words=f"{whose} {event_type.noun}s for “{topic}”{when}",
                 url=f"{event_type.url('list')}?{urlencode({'host': host_id, 'q': topic})}")


def update(event_type: EventType, account: ZoomAccount, actor, event: ZoomEvent, *, body: dict[str, Any],
           occurrence_id: str | None = None, host_id: str | None = None, host_label: str = "") -> ZoomEvent | None:
    """PATCH the event, or only one occurrence of it (``occurrence_id``)."""
    if host_id and host_id != event.host_zoom_id and not occurrence_id:
        body = {**body, "schedule_for": host_id}

    def send() -> ZoomClient:
        client = client_for(account)
        zoom_events.update_event(client, event_type.noun, event.zoom_id, body, occurrence_id=occurrence_id)
        return client

    client = audited_write(
        f"{event_type.noun}.updated", account, actor,
        Target(type=event_type.noun, id=event.zoom_id, label=body.get("topic") or event.topic), send,
        fields=fields(event_type),
        detail={**safe_detail(body), **({"occurrence_id": occurrence_id} if occurrence_id else {})},
        explain=lambda exc: daily_cap(event_type, exc, host_label or event.host_email))
    return _refresh(event_type, account, event.zoom_id, client)


def delete(event_type: EventType, account: ZoomAccount, actor, event: ZoomEvent, *, occurrence_id: str | None = None,
           notify_registrants: bool = False, notify_host: bool = False) -> ZoomEvent | None:
    """DELETE the event or one occurrence; the mirror keeps what Zoom still has."""
    def send() -> ZoomClient:
        client = client_for(account)
        zoom_events.delete_event(client, event_type.noun, event.zoom_id, occurrence_id=occurrence_id,
                                 notify_registrants=notify_registrants, notify_host=notify_host)
        return client

    client = audited_write(
        f"{event_type.noun}.deleted", account, actor, Target(type=event_type.noun, id=event.zoom_id, label=event.topic),
        send, fields=fields(event_type),
        detail={"occurrence_id": occurrence_id or "", "notify_registrants": notify_registrants,
                "notify_host": notify_host},
        explain=lambda exc: daily_cap(event_type, exc))
    if not occurrence_id:
        event_type.model.objects.filter(account=account, zoom_id=event.zoom_id).delete()
        return None
    return _refresh(event_type, account, event.zoom_id, client)


# --- reads made on demand (never stored, not audited) ---------------------------------------


def start_url(event_type: EventType, account: ZoomAccount, event: ZoomEvent) -> str:
    """The host's start link: it carries a host token, so it is fetched per click and never kept."""
    try:
        data = read_event(event_type, client_for(account), event.zoom_id)
    except ZoomError as exc:
        raise write_error(exc) from exc
    return str((data or {}).get("start_url") or "")


def invitation(event_type: EventType, account: ZoomAccount, event: ZoomEvent) -> str:
    if not event_type.has_invitation:
        raise ZoomWriteError(f"Zoom has no invitation text for a {event_type.noun}.")
    try:
        data = zoom_events.meeting_invitation(client_for(account), event.zoom_id)
    except ZoomError as exc:
        raise write_error(exc) from exc
    return str((data or {}).get("invitation") or "")
