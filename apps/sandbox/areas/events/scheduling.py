"""What meetings and webinars share: lookups, ids, settings, body validation, occurrences,
the 100-a-day create/update limit per host, and the JSON shapes of the meetings spec."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox.models import SandboxUser
from apps.sandbox.oauth import base_url
from apps.sandbox.services import DB, iso, now, zoom_error

from . import recurrence as rec
from .models import SandboxDailyWrites, SandboxMeeting, SandboxOccurrence, SandboxWebinar

DAILY_WRITES = 100
DAILY_MESSAGE = (
    "You have exceeded the daily rate limit ({limit}) of {noun} Create/Update API requests permitted "
    "for this particular user. You may resume these requests at GMT 00:00:00."
)

MEETING_SETTINGS: dict[str, Any] = {
    "host_video": False, "participant_video": False, "cn_meeting": False, "in_meeting": False,
    "join_before_host": False, "jbh_time": 0, "mute_upon_entry": False, "watermark": False,
    "use_pmi": False, "approval_type": 2, "registration_type": 1, "audio": "both",
    "auto_recording": "none", "alternative_hosts": "", "alternative_hosts_email_notification": True,
    "close_registration": False, "waiting_room": False, "meeting_authentication": False,
    "show_share_button": False, "allow_multiple_devices": False, "registrants_confirmation_email": True,
    "registrants_email_notification": True, "email_notification": True, "contact_name": "",
    "contact_email": "", "device_testing": False, "focus_mode": False, "private_meeting": False,
    "encryption_type": "enhanced_encryption", "global_dial_in_countries": ["US"],
    "approved_or_denied_countries_or_regions": {"enable": False}, "breakout_room": {"enable": False},
    "internal_meeting": False, "participant_focused_meeting": False, "push_change_to_calendar": False,
    "auto_start_meeting_summary": False, "auto_start_ai_companion_questions": False,
    "host_save_video_order": False, "alternative_host_update_polls": False,
    "disable_participant_video": False, "email_in_attendee_report": False,
    "allow_host_control_participant_mute_state": False,
    "sign_language_interpretation": {"enable": False}, "language_interpretation": {"enable": False},
}
WEBINAR_SETTINGS: dict[str, Any] = {
    "host_video": False, "panelists_video": False, "practice_session": False, "hd_video": False,
    "hd_video_for_attendees": False, "send_1080p_video_to_attendees": False, "approval_type": 2,
    "registration_type": 1, "audio": "both", "auto_recording": "none", "alternative_hosts": "",
    "close_registration": False, "show_share_button": False, "allow_multiple_devices": False,
    "on_demand": False, "global_dial_in_countries": ["US"], "contact_name": "", "contact_email": "",
    "registrants_restrict_number": 0, "notify_registrants": True, "post_webinar_survey": False,
    "registrants_email_notification": True, "registrants_confirmation_email": True,
    "meeting_authentication": False, "panelist_authentication": False, "add_watermark": False,
    "add_audio_watermark": False, "enforce_login": False, "email_language": "en-US",
    "panelists_invitation_email_notification": True, "email_in_attendee_report": False,
    "allow_host_control_participant_mute_state": False,
    "question_and_answer": {"enable": True}, "sign_language_interpretation": {"enable": False},
    "language_interpretation": {"enable": False},
}
ENUMS = {
    "approval_type": (0, 1, 2), "registration_type": (1, 2, 3), "jbh_time": (0, 5, 10, 15),
    "audio": ("both", "telephony", "voip", "thirdParty"), "auto_recording": ("local", "cloud", "none"),
    "encryption_type": ("enhanced_encryption", "e2ee"),
}
# Settings PATCH ?occurrence_id= may change (meetingUpdate's occurrence_id parameter).
OCCURRENCE_SETTINGS = {"host_video", "participant_video", "join_before_host", "mute_upon_entry",
                       "waiting_room", "watermark", "auto_recording"}


@dataclass(frozen=True)
class Kind:
    model: type
    fk: str  # the occurrence / registrant foreign key name
    noun: str  # "Meeting" / "Webinar"
    link: str  # "j" / "w"
    instant: int | None
    scheduled: int
    floating: int  # recurring, no fixed time
    fixed: int  # recurring, fixed time
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def types(self) -> tuple[int, ...]:
        return tuple(t for t in (self.instant, self.scheduled, self.floating, self.fixed) if t is not None)


MEETING = Kind(SandboxMeeting, "meeting", "Meeting", "j", 1, 2, 3, 8, MEETING_SETTINGS)
WEBINAR = Kind(SandboxWebinar, "webinar", "Webinar", "w", None, 5, 6, 9, WEBINAR_SETTINGS)


def kind_of(event: Any) -> Kind:
    return WEBINAR if isinstance(event, SandboxWebinar) else MEETING


def invalid(exc: rec.Invalid) -> JsonResponse:
    return JsonResponse({"code": 300, "message": exc.message,
                         "errors": [{"field": exc.field, "message": exc.message}]}, status=400)


# --- Lookups ------------------------------------------------------------------------------


def find_host(request: HttpRequest, user_id: str) -> SandboxUser | HttpResponse:
    token = request.zoom_token
    if user_id == "me":
        user = token.user or request.zoom_account.owner
    else:
        user = (SandboxUser.objects.using(DB)
                .filter(Q(zoom_id=user_id) | Q(email__iexact=user_id), account=request.zoom_account).first())
    if user is None:
        return zoom_error(404, 1001, f"User does not exist: {user_id}.")
    if token.user is not None and not token.user.is_admin and user.pk != token.user.pk:
        return zoom_error(400, 200, "No permission.")
    return user


def find_event(request: HttpRequest, kind: Kind, event_id: str) -> Any:
    """The account's meeting/webinar by numeric id (or by UUID), or Zoom's 404."""
    query = kind.model.objects.using(DB).select_related("host").filter(account=request.zoom_account)
    event = None
    if event_id.isdigit():
        event = query.filter(zoom_id=int(event_id)).first()
    elif event_id:
        # A UUID with "/" arrives encoded twice: the router decoded it once, decode it again.
        event = query.filter(uuid=unquote(event_id)).first()
    if event is None:
        return zoom_error(404, 3001, f"{kind.noun} does not exist: {event_id}.")
    token = request.zoom_token
    if token.user is not None and not token.user.is_admin and event.host_id != token.user.pk:
        return zoom_error(400, 200, "No permission.")
    return event


# --- Ids ----------------------------------------------------------------------------------


def new_zoom_id(kind: Kind, rng: Any = None) -> int:
    rng = rng or secrets.SystemRandom()
    while True:
        value = rng.randint(81_000_000_000, 99_999_999_999)
        if not kind.model.objects.using(DB).filter(zoom_id=value).exists():
            return value


def new_uuid(rng: Any = None) -> str:
    """24 characters of standard base64 (may contain "/" and "+", like Zoom's)."""
    raw = bytes((rng or secrets.SystemRandom()).getrandbits(8) for _ in range(16))
    return base64.b64encode(raw).decode()


def random_id(rng: Any = None) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    rng = rng or secrets.SystemRandom()
    return "".join(rng.choice(alphabet) for _ in range(22))


# --- The daily create/update limit --------------------------------------------------------


def daily_limit_reached(host: SandboxUser, kind: Kind) -> HttpResponse | None:
    today = now().date()
    row = SandboxDailyWrites.objects.using(DB).filter(user=host, kind=kind.fk, day=today).first()
    if row is None or row.count < DAILY_WRITES:
        return None
    response = zoom_error(429, 429, DAILY_MESSAGE.format(limit=DAILY_WRITES, noun=kind.noun))
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)
    response["Retry-After"] = str(max(1, int((midnight - now()).total_seconds())))
    response["X-RateLimit-Type"] = "Daily-limit"
    return response


def count_write(host: SandboxUser, kind: Kind) -> None:
    today = now().date()
    with transaction.atomic(using=DB):
        query = SandboxDailyWrites.objects.using(DB).filter(user=host, kind=kind.fk, day=today)
        if query.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic(using=DB):
                SandboxDailyWrites.objects.using(DB).create(user=host, kind=kind.fk, day=today, count=1)
        except IntegrityError:
            query.update(count=F("count") + 1)


# --- Validating a body --------------------------------------------------------------------


def merged_settings(kind: Kind, current: dict[str, Any], given: Any, field_prefix: str = "settings") -> dict[str, Any]:
    if given is None:
        return dict(current)
    if not isinstance(given, dict):
        raise rec.Invalid(field_prefix, f"Invalid field: {field_prefix}.")
    out = dict(current)
    for name, value in given.items():
        if name in ENUMS and value not in ENUMS[name]:
            raise rec.Invalid(f"{field_prefix}.{name}", f"Invalid field: {field_prefix}.{name}.")
        default = kind.defaults.get(name)
        if isinstance(default, bool) and not isinstance(value, bool):
            raise rec.Invalid(f"{field_prefix}.{name}", f"Invalid field: {field_prefix}.{name}.")
        out[name] = value
    return out


def _text(body: dict[str, Any], name: str, limit: int) -> str:
    value = body[name]
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit:
        raise rec.Invalid(name, f"Invalid field: {name}. The value must be a string of at most {limit} characters.")
    return value


def apply_body(event: Any, body: dict[str, Any], *, creating: bool) -> bool:
    """Validate ``body`` and set it on ``event`` (unsaved). True when occurrences must be
    recomputed. Raises recurrence.Invalid."""
    kind = kind_of(event)
    if "type" in body or creating:
        value = body.get("type", kind.scheduled)
        if isinstance(value, bool) or value not in kind.types:
            raise rec.Invalid("type", f"Invalid field: type. Allowed values: {', '.join(map(str, kind.types))}.")
        old_type, event.type = event.type, int(value)
    else:
        old_type = event.type
    for name, limit in (("topic", 200), ("agenda", 2000), ("password", 10)):
        if name in body:
            setattr(event, name, _text(body, name, limit))
    if creating and not event.topic:
        event.topic = f"{event.host.first_name}'s Zoom {kind.noun}".strip()
    if body.get("timezone"):
        rec.zone(body["timezone"])
        event.timezone = body["timezone"]
    if "duration" in body:
        duration = body["duration"]
        if isinstance(duration, bool) or not isinstance(duration, int) or duration < 0:
            raise rec.Invalid("duration", "Invalid field: duration.")
        event.duration = duration
    start_changed = False
    if body.get("start_time"):
        start = rec.parse_start(body["start_time"], event.timezone)
        # Zoom ignores a start_time in the past on update (meetingUpdate's prerequisites).
        if creating or start >= now():
            start_changed = start != event.start_time
            event.start_time = start
    event.settings = merged_settings(kind, event.settings or kind.defaults, body.get("settings"))
    if event.type == kind.instant:
        event.start_time = now().replace(microsecond=0)
    elif event.type in (kind.scheduled, kind.fixed) and event.start_time is None:
        if event.type == kind.fixed:
            raise rec.Invalid("start_time",
                              "Invalid field: start_time. A recurring meeting with a fixed time needs a start_time.")
        event.start_time = now().replace(microsecond=0)
    recurrence_changed = False
    if event.type == kind.fixed:
        if "recurrence" in body or event.recurrence is None:
            event.recurrence = rec.validate(body.get("recurrence"), event.timezone)
            recurrence_changed = True
    elif event.type == kind.floating:
        if "recurrence" in body and body["recurrence"] is not None:
            event.recurrence = rec.validate(body["recurrence"], event.timezone)
        event.start_time = None
    else:
        event.recurrence = None
    if event.registration_enabled and event.type in (kind.instant, kind.floating) and kind is MEETING:
        raise rec.Invalid("settings.approval_type",
                          "Invalid field: settings.approval_type. Registration is not available for this meeting type.")
    return event.type == kind.fixed and (creating or recurrence_changed or start_changed or old_type != event.type)


def rebuild_occurrences(event: Any) -> None:
    """Recompute a fixed-time recurring event's occurrences (deleted ones stay deleted)."""
    kind = kind_of(event)
    query = SandboxOccurrence.objects.using(DB).filter(**{kind.fk: event})
    deleted = set(query.filter(status="deleted").values_list("occurrence_id", flat=True))
    query.delete()
    if event.type != kind.fixed:
        return
    starts = rec.occurrences(event.start_time, event.timezone, event.recurrence)
    if not starts:
        raise rec.Invalid("recurrence.end_date_time", "Invalid field: recurrence.end_date_time. No occurrence is left.")
    SandboxOccurrence.objects.using(DB).bulk_create([
        SandboxOccurrence(**{kind.fk: event}, occurrence_id=rec.occurrence_id(start), start_time=start,
                          duration=event.duration,
                          status="deleted" if rec.occurrence_id(start) in deleted else "available")
        for start in starts
    ])


# --- JSON ---------------------------------------------------------------------------------


def join_url(request: HttpRequest, event: Any) -> str:
    return f"{base_url(request)}/{kind_of(event).link}/{event.zoom_id}?pwd={event.password}" if event.password \
        else f"{base_url(request)}/{kind_of(event).link}/{event.zoom_id}"


def start_url(request: HttpRequest, event: Any) -> str:
    return f"{base_url(request)}/s/{event.zoom_id}?zak=sandbox.{secrets.token_urlsafe(32)}"


def occurrence_json(occurrence: SandboxOccurrence) -> dict[str, Any]:
    return {"occurrence_id": occurrence.occurrence_id, "start_time": iso(occurrence.start_time),
            "duration": occurrence.duration, "status": occurrence.status}


def event_json(request: HttpRequest, event: Any, *, occurrence: SandboxOccurrence | None = None,
               show_previous: bool = False) -> dict[str, Any]:
    """The meeting / webinar as GET /meetings/{id} and GET /webinars/{id} return it."""
    kind = kind_of(event)
    settings = {**kind.defaults, **(event.settings or {})}
    data: dict[str, Any] = {
        "uuid": event.uuid, "id": event.zoom_id, "host_id": event.host.zoom_id, "host_email": event.host.email,
        "topic": event.topic, "type": event.type,
    }
    if kind is MEETING:
        data.update({"status": event.status, "assistant_id": "", "pre_schedule": False})
    start, duration, agenda = event.start_time, event.duration, event.agenda
    if occurrence is not None:
        start, duration = occurrence.start_time, occurrence.duration
        agenda = occurrence.overrides.get("agenda", agenda)
        settings.update(occurrence.overrides.get("settings", {}))
    if start is not None and event.type != kind.floating:
        data["start_time"] = iso(start)
    data.update({"duration": duration, "timezone": event.timezone, "agenda": agenda,
                 "created_at": iso(event.created_at), "start_url": start_url(request, event),
                 "join_url": join_url(request, event), "password": event.password})
    if kind is MEETING:
        data.update({"h323_password": event.password, "pstn_password": event.password,
                     "encrypted_password": event.uuid.replace("/", "").replace("+", "")[:20] if event.password else ""})
    else:
        data.update({"h323_passcode": event.password, "encrypted_passcode": "", "is_simulive": False})
    data["settings"] = settings
    if event.type == kind.fixed and occurrence is None:
        occurrences = SandboxOccurrence.objects.using(DB).filter(**{kind.fk: event}, status="available")
        if not show_previous:
            occurrences = occurrences.filter(start_time__gte=now() - timedelta(minutes=duration or 0))
        data["occurrences"] = [occurrence_json(o) for o in occurrences]
    if event.recurrence and event.type in (kind.fixed, kind.floating):
        data["recurrence"] = event.recurrence
    data.update({"tracking_fields": [], "creation_source": "open_api"})
    return data
