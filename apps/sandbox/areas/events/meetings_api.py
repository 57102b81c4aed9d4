"""api.zoom.us/v2 meetings: list, create, get, update, delete, status, invitation.

The views are written once for meetings and webinars (``scheduling.Kind``);
webinars_api wraps the same functions with the webinar paths and labels.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox import webhooks as hooks
from apps.sandbox.rest import methods, paginate, zoom_api
from apps.sandbox.services import DB, LIGHT, MEDIUM, iso, json_body, now, zoom_error

from . import recurrence as rec
from . import scheduling as sch
from .models import SandboxOccurrence

MEETING = sch.MEETING
LIST_TYPES = ("scheduled", "live", "upcoming", "upcoming_meetings", "previous_meetings")
CREATE_ONLY_DROPPED = {"uuid", "host_id", "status"}  # not in meetingCreate's 201 schema


def no_content() -> HttpResponse:
    return HttpResponse(status=204)


def _bool_param(request: HttpRequest, name: str) -> bool | HttpResponse:
    raw = request.GET.get(name)
    if raw in (None, ""):
        return False
    if raw.lower() not in ("true", "false"):
        return zoom_error(400, 300, f"Invalid parameter: {name}.")
    return raw.lower() == "true"


# --- List -----------------------------------------------------------------------------------


def list_events(request: HttpRequest, kind: sch.Kind, user_id: str, key: str, allowed: tuple[str, ...]) -> HttpResponse:
    host = sch.find_host(request, user_id)
    if isinstance(host, HttpResponse):
        return host
    list_type = request.GET.get("type") or "scheduled"
    if list_type not in allowed:
        return zoom_error(400, 300, f"Invalid field: type. Allowed values: {', '.join(allowed)}.")
    current = now()
    future = SandboxOccurrence.objects.using(DB).filter(
        **{kind.fk: OuterRef("pk")}, status="available", start_time__gte=current
    )
    query = (kind.model.objects.using(DB).select_related("host").filter(host=host)
             .annotate(next_start=Subquery(future.order_by("start_time").values("start_time")[:1]),
                       has_future=Exists(future)))
    if kind.instant is not None:
        query = query.exclude(type=kind.instant)
    upcoming = (Q(type=kind.floating) | Q(type=kind.scheduled, start_time__gte=current)
                | Q(type=kind.fixed, has_future=True) | Q(status="started"))
    if list_type == "live":
        query = query.filter(status="started")
    elif list_type in ("upcoming", "upcoming_meetings"):
        query = query.filter(upcoming)
    elif list_type == "previous_meetings":
        query = query.filter(~upcoming)
    for param, lookup in (("from", "start_time__date__gte"), ("to", "start_time__date__lte")):
        if request.GET.get(param):
            try:
                day = datetime.strptime(request.GET[param], "%Y-%m-%d").date()
            except ValueError:
                return zoom_error(400, 300, f"Invalid field: {param}.")
            query = query.filter(**{lookup: day})
    query = query.order_by("start_time", "id")

    def item(event: Any) -> dict[str, Any]:
        data = {"uuid": event.uuid, "id": event.zoom_id, "host_id": host.zoom_id, "topic": event.topic,
                "type": event.type, "duration": event.duration, "timezone": event.timezone,
                "agenda": event.agenda[:250], "created_at": iso(event.created_at),
                "join_url": sch.join_url(request, event)}
        start = event.next_start if event.type == kind.fixed and event.next_start else event.start_time
        if start is not None and event.type != kind.floating:
            data["start_time"] = iso(start)
        if kind is sch.WEBINAR:
            data["is_simulive"] = False
        return data

    return paginate(request, query, item, key=key, maximum=300)


# --- Create ---------------------------------------------------------------------------------


def create_event(request: HttpRequest, kind: sch.Kind, user_id: str) -> HttpResponse:
    host = sch.find_host(request, user_id)
    if isinstance(host, HttpResponse):
        return host
    body = json_body(request)
    if body.get("schedule_for"):
        target = sch.find_host(request, str(body["schedule_for"]))
        if isinstance(target, HttpResponse):
            return zoom_error(400, 300, "The value that you entered in the `schedule_for` field is invalid. "
                                        "Enter a valid value and try again.")
        host = target
    limited = sch.daily_limit_reached(host, kind)
    if limited is not None:
        return limited
    event = kind.model(account=request.zoom_account, host=host, created_at=now().replace(microsecond=0),
                       type=kind.scheduled, settings=dict(kind.defaults), timezone=host.timezone or "UTC",
                       duration=60)
    try:
        needs_occurrences = sch.apply_body(event, body, creating=True)
        if event.registration_enabled and host.type != 2:
            raise rec.Invalid("settings.approval_type", "Invalid field: settings.approval_type. "
                                                        "Registration requires a Licensed host.")
        with transaction.atomic(using=DB):
            event.zoom_id = sch.new_zoom_id(kind)
            event.uuid = sch.new_uuid()
            event.save(using=DB)
            if needs_occurrences:
                sch.rebuild_occurrences(event)
    except rec.Invalid as exc:
        return sch.invalid(exc)
    sch.count_write(host, kind)
    hooks.event_changed(request, kind.noun, "created", event)
    data = sch.event_json(request, event)
    if kind is MEETING:
        data = {k: v for k, v in data.items() if k not in CREATE_ONLY_DROPPED}
        if event.registration_enabled:
            data["registration_url"] = (
                f"{sch.join_url(request, event).split('?')[0].replace('/j/', '/meeting/register/')}")
    else:
        data["registrants_confirmation_email"] = bool(event.settings.get("registrants_confirmation_email", True))
    return JsonResponse(data, status=201)


# --- Get / update / delete --------------------------------------------------------------------


def _occurrence(event: Any, occurrence_id: str) -> SandboxOccurrence | None:
    kind = sch.kind_of(event)
    return SandboxOccurrence.objects.using(DB).filter(**{kind.fk: event}, occurrence_id=occurrence_id).first()


def get_event(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    show_previous = _bool_param(request, "show_previous_occurrences")
    if isinstance(show_previous, HttpResponse):
        return show_previous
    occurrence = None
    if request.GET.get("occurrence_id"):
        occurrence = _occurrence(event, request.GET["occurrence_id"])
        if occurrence is None:
            return zoom_error(400, 300, "Invalid parameter: occurrence_id.")
    return JsonResponse(sch.event_json(request, event, occurrence=occurrence, show_previous=show_previous))


def update_event(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    limited = sch.daily_limit_reached(event.host, kind)
    if limited is not None:
        return limited
    body = json_body(request)
    try:
        if request.GET.get("occurrence_id"):
            occurrence = _occurrence(event, request.GET["occurrence_id"])
            if occurrence is None or occurrence.status == "deleted":
                return zoom_error(400, 300, "Invalid parameter: occurrence_id.")
            _update_occurrence(event, occurrence, body)
        else:
            if body.get("schedule_for"):
                target = sch.find_host(request, str(body["schedule_for"]))
                if isinstance(target, HttpResponse):
                    return zoom_error(400, 300, "The value that you entered in the `schedule_for` field is invalid. "
                                                "Enter a valid value and try again.")
                event.host = target
            needs_occurrences = sch.apply_body(event, body, creating=False)
            with transaction.atomic(using=DB):
                event.save(using=DB)
                if needs_occurrences:
                    sch.rebuild_occurrences(event)
                elif "duration" in body:
                    SandboxOccurrence.objects.using(DB).filter(**{kind.fk: event}).update(duration=event.duration)
    except rec.Invalid as exc:
        return sch.invalid(exc)
    sch.count_write(event.host, kind)
    hooks.event_changed(request, kind.noun, "updated", event)
    return no_content()


def _update_occurrence(event: Any, occurrence: SandboxOccurrence, body: dict[str, Any]) -> None:
    """One occurrence: agenda, start_time, duration and a few settings (meetingUpdate)."""
    overrides = dict(occurrence.overrides)
    if "agenda" in body:
        overrides["agenda"] = sch._text(body, "agenda", 2000)
    if body.get("start_time"):
        occurrence.start_time = rec.parse_start(body["start_time"], event.timezone)
    if "duration" in body:
        if isinstance(body["duration"], bool) or not isinstance(body["duration"], int) or body["duration"] < 0:
            raise rec.Invalid("duration", "Invalid field: duration.")
        occurrence.duration = body["duration"]
    if isinstance(body.get("settings"), dict):
        given = {k: v for k, v in body["settings"].items() if k in sch.OCCURRENCE_SETTINGS}
        overrides["settings"] = sch.merged_settings(sch.kind_of(event), overrides.get("settings", {}), given)
    occurrence.overrides = overrides
    occurrence.save(using=DB)


def delete_event(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    for name in ("schedule_for_reminder", "cancel_meeting_reminder", "cancel_webinar_reminder"):
        flag = _bool_param(request, name)
        if isinstance(flag, HttpResponse):
            return flag
    occurrence_id = request.GET.get("occurrence_id")
    if occurrence_id:
        occurrence = _occurrence(event, occurrence_id)
        if occurrence is None or occurrence.status == "deleted":
            if kind is sch.WEBINAR:
                return zoom_error(400, 3000, "Webinar occurrence does not exist.")
            return zoom_error(400, 300, "Invalid parameter: occurrence_id.")
        occurrence.status = "deleted"
        occurrence.save(using=DB, update_fields=["status"])
        hooks.event_changed(request, kind.noun, "deleted", event, occurrences=[sch.occurrence_json(occurrence)])
        return no_content()
    event.delete()
    hooks.event_changed(request, kind.noun, "deleted", event)
    return no_content()


def event_status(request: HttpRequest, kind: sch.Kind, event_id: str, actions: tuple[str, ...]) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    action = json_body(request).get("action")
    if action not in actions:
        return zoom_error(400, 300, f"Invalid field: action. Allowed values: {', '.join(actions)}.")
    if action == "end" and event.status != "waiting":
        event.status = "waiting"
        event.save(using=DB, update_fields=["status"])
    return no_content()


# --- Views ----------------------------------------------------------------------------------


@zoom_api(MEDIUM, "/users/{userId}/meetings", is_list=True)
def list_meetings(request: HttpRequest, user_id: str) -> HttpResponse:
    return list_events(request, MEETING, user_id, "meetings", LIST_TYPES)


@zoom_api(MEDIUM, "/users/{userId}/meetings")
def create_meeting(request: HttpRequest, user_id: str) -> HttpResponse:
    return create_event(request, MEETING, user_id)


@zoom_api(LIGHT, "/meetings/{meetingId}")
def get_meeting(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return get_event(request, MEETING, meeting_id)


@zoom_api(LIGHT, "/meetings/{meetingId}")
def update_meeting(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return update_event(request, MEETING, meeting_id)


@zoom_api(LIGHT, "/meetings/{meetingId}")
def delete_meeting(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return delete_event(request, MEETING, meeting_id)


@zoom_api(LIGHT, "/meetings/{meetingId}/status")
def meeting_status(request: HttpRequest, meeting_id: str) -> HttpResponse:
    return event_status(request, MEETING, meeting_id, ("end", "recover"))


@zoom_api(LIGHT, "/meetings/{meetingId}/invitation")
def meeting_invitation(request: HttpRequest, meeting_id: str) -> HttpResponse:
    event = sch.find_event(request, MEETING, meeting_id)
    if isinstance(event, HttpResponse):
        return event
    return JsonResponse({"invitation": invitation_text(request, event), "sip_links": []})


def invitation_text(request: HttpRequest, event: Any) -> str:
    host = event.host
    lines = [f"{host.first_name} {host.last_name} is inviting you to a scheduled Zoom meeting.", "",
             f"Topic: {event.topic}"]
    if event.start_time is not None and event.type != MEETING.floating:
        lines.append(f"Time: {event.start_time.strftime('%b %d, %Y %I:%M %p')} {event.timezone}")
    if event.type == MEETING.fixed:
        occurrences = SandboxOccurrence.objects.using(DB).filter(meeting=event, status="available")
        lines.append("Every occurrence:")
        lines.extend(f"        {o.start_time.strftime('%b %d, %Y %I:%M %p')} UTC" for o in occurrences[:60])
    if event.registration_enabled:
        url = sch.join_url(request, event).split("?")[0].replace("/j/", "/meeting/register/")
        lines += ["", "Register in advance for this meeting:", url, "",
                  "After registering, you will receive a confirmation email containing information about "
                  "joining the meeting."]
    else:
        lines += ["", "Join Zoom Meeting", sch.join_url(request, event)]
    lines += ["", f"Meeting ID: {str(event.zoom_id)[:3]} {str(event.zoom_id)[3:7]} {str(event.zoom_id)[7:]}"]
    if event.password:
        lines.append(f"Passcode: {event.password}")
    return "\n".join(lines) + "\n"


user_meetings = methods(GET=list_meetings, POST=create_meeting)
meeting_detail = methods(GET=get_meeting, PATCH=update_meeting, DELETE=delete_meeting)
meeting_status_view = methods(PUT=meeting_status)
meeting_invitation_view = methods(GET=meeting_invitation)
