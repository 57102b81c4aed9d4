"""Writes to Zoom events: create, update (all or one occurrence), delete; start link and invitation.

Each write goes to Zoom first; the mirror is then refreshed from Zoom's own answer
(``refresh_event``), and the write is audited with its result. A refusal becomes an
``EventWriteError`` naming the form field it belongs to, and nothing is written locally.
Meetings and webinars share this code through ``WriteKind``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from apps.accounts import audit
from apps.accounts.models import AuditEvent, ZoomAccount
from apps.zoom.budget import DailyCapReached
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.errors import ReconnectNeeded, ZoomError, ZoomRefused, ZoomTemporaryError

from .models import ZoomEvent
from .sync import MEETINGS, EventKind, refresh_event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriteKind:
    """The paths and words of one kind of event (meeting now, webinar later)."""

    sync: EventKind
    noun: str  # "meeting"
    create_path: str  # "/users/{userId}/meetings"
    invitation_path: str | None  # "/meetings/{meetingId}/invitation"
    cancel_reminder: str  # delete's "notify registrants" query parameter
    host_reminder: str | None = "schedule_for_reminder"  # delete's "notify the host" parameter (webinars have none)

    @property
    def id_param(self) -> str:
        return self.sync.id_param

    @property
    def detail_path(self) -> str:
        return self.sync.detail_path


MEETING = WriteKind(MEETINGS, "meeting", "/users/{userId}/meetings", "/meetings/{meetingId}/invitation",
                    "cancel_meeting_reminder")

# Zoom's names for body fields (as its 300 "Invalid field: …" messages say them) -> form fields.
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
    "settings.waiting_room": "waiting_room", "settings.join_before_host": "join_before_host",
    # webinars
    "settings.registrants_restrict_number": "registrants_restrict_number",
    "settings.practice_session": "practice_session", "settings.question_and_answer": "question_and_answer",
    "settings.panelists_video": "panelists_video",
    "settings.panelists_invitation_email_notification": "panelists_invitation_email_notification",
    "settings.attendees_and_panelists_reminder_email_notification": "reminder_email",
    "settings.follow_up_attendees_email_notification": "follow_up_attendees",
    "settings.follow_up_absentees_email_notification": "follow_up_absentees",
}
# Zoom's error codes that belong to one field whatever the message says.
ZOOM_CODES: dict[int, str] = {
    1001: "host",  # user does not exist
    1010: "host",  # user does not belong to this account
    3000: "passcode",  # "Invalid password" and the account's passcode rules
    3161: "host",  # hosting and scheduling not allowed for this user
    1114: "alternative_hosts",  # alternative host not found / not licensed
    1115: "alternative_hosts",
    3003: "host",  # "You are not the meeting host"
}
# Words in Zoom's message that point at a field when no field is named.
ZOOM_WORDS: list[tuple[str, str]] = [
    ("alternative host", "alternative_hosts"), ("passcode", "passcode"), ("password", "passcode"),
    ("schedule_for", "host"), ("scheduling privilege", "host"), ("registration", "registration"),
    ("recurrence", "repeat"), ("start_time", "start_date"), ("agenda", "agenda"), ("topic", "topic"),
]
FIELD_RE = re.compile(r"Invalid (?:field|parameter): `?([\w.]+?)`?(?:\.(?:\s|$)|\s|$)")
DAILY_WRITES = 100


class EventWriteError(Exception):
    """Zoom (or the way to it) said no. ``field`` is the form field to show it on, or None."""

    def __init__(self, message: str, *, field: str | None = None, status: int | None = None,
                 code: int | str | None = None) -> None:
        super().__init__(message)
        self.message, self.field, self.status, self.code = message, field, status, code


def field_for(exc: ZoomError) -> str | None:
    """The form field a Zoom refusal belongs to, or None for the form as a whole."""
    match = FIELD_RE.search(exc.message or "")
    if match:
        name = match.group(1).rstrip(".")
        for candidate in (name, ".".join(name.split(".")[:2]), name.split(".")[0]):
            if candidate in ZOOM_FIELDS:
                return ZOOM_FIELDS[candidate]
    if isinstance(exc.code, int) and exc.code in ZOOM_CODES:
        return ZOOM_CODES[exc.code]
    lowered = (exc.message or "").lower()
    return next((field for word, field in ZOOM_WORDS if word in lowered), None)


def write_error(kind: WriteKind, exc: ZoomError, host_label: str = "") -> EventWriteError:
    """Turn any Zoom error into words for the form."""
    if isinstance(exc, DailyCapReached) or (exc.status == 429 and "daily" in (exc.message or "").lower()):
        who = f"{host_label} has" if host_label else "this host has"
        return EventWriteError(
            f"Zoom allows {DAILY_WRITES} {kind.noun} creates and updates per host per day, and {who} reached it. "
            f"Nothing was changed. Zoom resets the count at 00:00 UTC; try again then.",
            status=429, code=exc.code)
    if isinstance(exc, ReconnectNeeded):
        return EventWriteError(f"Zoom is not connected: an admin must reconnect it on Settings. ({exc.message})",
                               status=exc.status, code=exc.code)
    if isinstance(exc, ZoomTemporaryError):
        return EventWriteError(f"Zoom did not answer in time ({exc.message}). Nothing was changed here; try again.",
                               status=exc.status, code=exc.code)
    return EventWriteError(f"Zoom refused: {exc.message}", field=field_for(exc), status=exc.status, code=exc.code)


def _audit(action: str, account: ZoomAccount, actor, *, target_id: Any, label: str, exc: ZoomError | None = None,
           detail: dict[str, Any] | None = None, noun: str = "meeting") -> None:
    code = exc.code if exc is not None and isinstance(exc.code, int) else None
    audit.record(action=action, account=account, actor=actor, target_type=noun, target_id=str(target_id or ""),
                 target_label=label, result=AuditEvent.Result.FAILED if exc else AuditEvent.Result.OK,
                 zoom_status=exc.status if exc else None, zoom_code=code, message=exc.message if exc else "",
                 detail=detail or {})


def _safe_detail(body: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of a body: never the passcode."""
    return {k: v for k, v in body.items() if k != "password"}


def _refresh(kind: WriteKind, account: ZoomAccount, zoom_id: int, client: ZoomClient) -> ZoomEvent | None:
    """The mirror follows Zoom's answer; if reading it back fails, the next sync catches up."""
    try:
        return refresh_event(kind.sync, account, zoom_id, client)
    except ZoomError as exc:
        logger.warning("%s %s written at Zoom but not re-read: %s", kind.noun, zoom_id, exc)
        return kind.sync.model.objects.filter(account=account, zoom_id=zoom_id).first()


def create(kind: WriteKind, account: ZoomAccount, actor, *, host_id: str, body: dict[str, Any],
           host_label: str = "") -> ZoomEvent | None:
    """POST /users/{host}/…: the connection is admin-level, so it schedules in the host's name directly
    (``schedule_for`` is only needed when a user schedules for another through a user-level app)."""
    action = f"{kind.noun}.created"
    try:
        client = client_for(account)
        data = client.call("POST", kind.create_path, json=body, userId=host_id)
    except ZoomError as exc:
        _audit(action, account, actor, target_id="", label=body.get("topic", ""), exc=exc,
               detail=_safe_detail(body), noun=kind.noun)
        raise write_error(kind, exc, host_label) from exc
    zoom_id = int(data["id"])
    _audit(action, account, actor, target_id=zoom_id, label=body.get("topic", ""),
           detail={**_safe_detail(body), "host": host_label or host_id}, noun=kind.noun)
    return _refresh(kind, account, zoom_id, client)


def update(kind: WriteKind, account: ZoomAccount, actor, event: ZoomEvent, *, body: dict[str, Any],
           occurrence_id: str | None = None, host_id: str | None = None, host_label: str = "") -> ZoomEvent | None:
    """PATCH the event, or only one occurrence of it (``occurrence_id``)."""
    action = f"{kind.noun}.updated"
    if host_id and host_id != event.host_zoom_id and not occurrence_id:
        body = {**body, "schedule_for": host_id}
    detail = {**_safe_detail(body), **({"occurrence_id": occurrence_id} if occurrence_id else {})}
    try:
        client = client_for(account)
        client.call("PATCH", kind.detail_path, params={"occurrence_id": occurrence_id} if occurrence_id else None,
                    json=body, **{kind.id_param: event.zoom_id})
    except ZoomError as exc:
        _audit(action, account, actor, target_id=event.zoom_id, label=event.topic, exc=exc, detail=detail,
               noun=kind.noun)
        raise write_error(kind, exc, host_label or event.host_email) from exc
    _audit(action, account, actor, target_id=event.zoom_id, label=body.get("topic") or event.topic, detail=detail,
           noun=kind.noun)
    return _refresh(kind, account, event.zoom_id, client)


def delete(kind: WriteKind, account: ZoomAccount, actor, event: ZoomEvent, *, occurrence_id: str | None = None,
           notify_registrants: bool = False, notify_host: bool = False) -> ZoomEvent | None:
    """DELETE the event or one occurrence; the mirror keeps what Zoom still has."""
    action = f"{kind.noun}.deleted"
    params: dict[str, Any] = {kind.cancel_reminder: "true" if notify_registrants else "false"}
    if kind.host_reminder:
        params[kind.host_reminder] = "true" if notify_host else "false"
    if occurrence_id:
        params["occurrence_id"] = occurrence_id
    detail = {"occurrence_id": occurrence_id or "", "notify_registrants": notify_registrants,
              "notify_host": notify_host}
    try:
        client = client_for(account)
        client.call("DELETE", kind.detail_path, params=params, **{kind.id_param: event.zoom_id})
    except ZoomError as exc:
        _audit(action, account, actor, target_id=event.zoom_id, label=event.topic, exc=exc, detail=detail,
               noun=kind.noun)
        raise write_error(kind, exc) from exc
    _audit(action, account, actor, target_id=event.zoom_id, label=event.topic, detail=detail, noun=kind.noun)
    if not occurrence_id:
        kind.sync.model.objects.filter(account=account, zoom_id=event.zoom_id).delete()
        return None
    return _refresh(kind, account, event.zoom_id, client)


# --- reads made on demand (never stored) ---------------------------------------------------


def start_url(kind: WriteKind, account: ZoomAccount, event: ZoomEvent) -> str:
    """The host's start link: it carries a host token, so it is fetched per click and never kept."""
    try:
        data = client_for(account).call("GET", kind.detail_path, **{kind.id_param: event.zoom_id})
    except ZoomError as exc:
        raise write_error(kind, exc) from exc
    return str((data or {}).get("start_url") or "")


def invitation(kind: WriteKind, account: ZoomAccount, event: ZoomEvent) -> str:
    if kind.invitation_path is None:
        raise EventWriteError(f"Zoom has no invitation text for a {kind.noun}.")
    try:
        data = client_for(account).call("GET", kind.invitation_path, **{kind.id_param: event.zoom_id})
    except ZoomError as exc:
        raise write_error(kind, exc) from exc
    return str((data or {}).get("invitation") or "")


__all__ = ["MEETING", "EventWriteError", "WriteKind", "ZoomRefused", "create", "delete", "field_for",
           "invitation", "start_url", "update", "write_error"]
