"""Registrants of meetings and webinars (one implementation, two sets of paths).

Zoom's rules kept here (meetings spec and DESIGN.md):
- the list returns ``approved`` registrants unless ``status=pending|denied`` is asked for;
- adding: approval_type 0 approves, 1 leaves pending (unless ``auto_approve``); 2 means
  registration is off and the request fails; the same email again returns the existing
  registration;
- ``PUT .../registrants/status`` takes ``{"action", "registrants": [{"id", "email"}]}``, at most
  30 registrants; any other key (e.g. a singular ``registrant``) is ignored and nothing changes;
  unknown ids are ignored; ``cancel`` turns an approved registration into a denied one.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox import webhooks as hooks
from apps.sandbox.oauth import base_url
from apps.sandbox.rest import methods, paginate, zoom_api
from apps.sandbox.services import DB, HEAVY, LIGHT, MEDIUM, iso, json_body, now, zoom_error

from . import scheduling as sch
from .meetings_api import no_content
from .models import SandboxOccurrence, SandboxRegistrant

MAX_PER_STATUS_CALL = 30
MAX_REGISTRANTS = 4999  # per meeting (meetingRegistrantCreate's description)
DETAIL_FIELDS = ("address", "city", "state", "zip", "country", "phone", "industry", "org", "job_title",
                 "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments")
QUESTION_FIELDS = ("last_name", "address", "city", "country", "zip", "state", "phone", "industry", "org",
                   "job_title", "purchasing_time_frame", "role_in_purchase_process", "no_of_employees", "comments")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ACTION_EVENTS = {"approve": "approved", "deny": "denied", "cancel": "cancelled"}
TRANSITIONS = {  # action -> (statuses it applies to, new status)
    "approve": (("pending", "denied"), "approved"),
    "deny": (("pending", "approved"), "denied"),
    "cancel": (("approved",), "denied"),
}


def _registration_off(kind: sch.Kind, event: Any, *, adding: bool = False) -> HttpResponse:
    if kind is sch.WEBINAR:
        if adding:
            return zoom_error(400, 3000, f"This webinar does not have registration as required: {event.zoom_id}.")
        return zoom_error(400, 3000, f"Registration has not been enabled for this webinar: {event.zoom_id}.")
    return zoom_error(400, 300, f"Registration has not been enabled for this meeting: {event.zoom_id}.")


def _event(request: HttpRequest, kind: sch.Kind, event_id: str) -> Any:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    if not event.registration_enabled:
        return _registration_off(kind, event)
    return event


def registrant_join_url(request: HttpRequest, kind: sch.Kind, event: Any, registrant: SandboxRegistrant) -> str:
    return f"{base_url(request)}/{kind.link}/{event.zoom_id}?tk={registrant.zoom_id}"


def registrant_json(request: HttpRequest, kind: sch.Kind, event: Any, r: SandboxRegistrant) -> dict[str, Any]:
    data: dict[str, Any] = {"id": r.zoom_id, "email": r.email, "first_name": r.first_name, "last_name": r.last_name}
    for name in DETAIL_FIELDS:
        data[name] = r.details.get(name, "")
    data.update({"custom_questions": r.custom_questions, "status": r.status, "create_time": iso(r.create_time),
                 "join_url": registrant_join_url(request, kind, event, r)})
    return data


def _registrants(kind: sch.Kind, event: Any):
    return SandboxRegistrant.objects.using(DB).filter(**{kind.fk: event})


# --- List / get -------------------------------------------------------------------------------


def list_registrants(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    status = request.GET.get("status") or "approved"
    if status not in ("approved", "pending", "denied"):
        return zoom_error(400, 300, "Invalid field: status. Allowed values: pending, approved, denied.")
    query = _registrants(kind, event).filter(status=status)
    occurrence_id = request.GET.get("occurrence_id")
    if occurrence_id:
        query = query.filter(Q(occurrence_ids="") | Q(occurrence_ids__contains=occurrence_id))
    query = query.order_by("create_time", "id")
    return paginate(request, query, lambda r: registrant_json(request, kind, event, r), key="registrants",
                    maximum=300)


def get_registrant(request: HttpRequest, kind: sch.Kind, event_id: str, registrant_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    registrant = _registrants(kind, event).filter(zoom_id=registrant_id).first()
    if registrant is None:
        return zoom_error(404 if kind is sch.MEETING else 400, 3079,
                          f"This registrant does not exist: {registrant_id}.")
    return JsonResponse(registrant_json(request, kind, event, registrant))


# --- Add --------------------------------------------------------------------------------------


def _validate_registrant(body: dict[str, Any]) -> str | None:
    email = body.get("email")
    if not isinstance(email, str) or len(email) > 128 or not EMAIL.match(email):
        return "email"
    first = body.get("first_name")
    if not isinstance(first, str) or not first.strip() or len(first) > 64:
        return "first_name"
    if not isinstance(body.get("last_name", ""), str) or len(body.get("last_name") or "") > 64:
        return "last_name"
    questions = body.get("custom_questions", [])
    if not isinstance(questions, list) or any(
        not isinstance(q, dict) or not isinstance(q.get("title"), str) or len(str(q.get("value", ""))) > 128
        for q in questions
    ):
        return "custom_questions"
    return None


def _new_registrant(kind: sch.Kind, event: Any, body: dict[str, Any], *, auto_approve: bool,
                    occurrence_ids: str = "") -> SandboxRegistrant:
    approved = event.approval_type == 0 or auto_approve
    return SandboxRegistrant(
        **{kind.fk: event}, zoom_id=sch.random_id(), email=body["email"].strip().lower(),
        first_name=body["first_name"].strip(), last_name=(body.get("last_name") or "").strip(),
        details={k: str(body[k]) for k in (*DETAIL_FIELDS, "language") if body.get(k) not in (None, "")},
        custom_questions=[{"title": q["title"], "value": str(q.get("value", ""))}
                          for q in body.get("custom_questions") or []],
        status="approved" if approved else "pending", occurrence_ids=occurrence_ids,
        create_time=now().replace(microsecond=0),
    )


def add_registrant(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    if not event.registration_enabled:
        return _registration_off(kind, event, adding=True)
    body = json_body(request)
    bad = _validate_registrant(body)
    if bad:
        return zoom_error(400, 300, f"Invalid field: {bad}.")
    if kind is sch.WEBINAR and body["email"].strip().lower() == event.host.email.lower():
        return zoom_error(400, 3027, "Host cannot register.")
    occurrences = SandboxOccurrence.objects.using(DB).filter(**{kind.fk: event}, status="available")
    wanted = [o for o in (request.GET.get("occurrence_ids") or "").split(",") if o.strip()]
    if wanted:
        known = set(occurrences.values_list("occurrence_id", flat=True))
        if not set(wanted) <= known:
            return zoom_error(400, 300, "Invalid parameter: occurrence_ids.")
        occurrences = occurrences.filter(occurrence_id__in=wanted)
    with transaction.atomic(using=DB):
        registrant = _registrants(kind, event).filter(email__iexact=body["email"].strip()).first()
        if registrant is None:
            if _registrants(kind, event).count() >= MAX_REGISTRANTS:
                return zoom_error(400, 3043, f"{kind.noun} has reached maximum attendee capacity.")
            registrant = _new_registrant(kind, event, body, auto_approve=body.get("auto_approve") is True,
                                         occurrence_ids=",".join(wanted))
            registrant.save(using=DB)
            transaction.on_commit(lambda: hooks.registration(request, kind.noun, "created", event, [registrant]),
                                  using=DB)
    data: dict[str, Any] = {"id": event.zoom_id, "registrant_id": registrant.zoom_id, "topic": event.topic}
    if event.start_time is not None and event.type != kind.floating:
        data["start_time"] = iso(event.start_time)
    if registrant.status == "approved":
        data["join_url"] = registrant_join_url(request, kind, event, registrant)
    if event.type == kind.fixed:
        data["occurrences"] = [sch.occurrence_json(o) for o in occurrences]
    return JsonResponse(data, status=201)


def batch_registrants(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = sch.find_event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    if event.type != kind.scheduled:
        return zoom_error(400, 303, "This API can only be used for scheduled meeting(meeting type: 2). "
                                    "Batch registration is not supported for other meeting types.")
    if not event.registration_enabled:
        return zoom_error(400, 404, f"Registration has not been enabled for this meeting: {event.zoom_id}.")
    body = json_body(request)
    rows = body.get("registrants")
    if not isinstance(rows, list) or not rows or len(rows) > MAX_PER_STATUS_CALL:
        return zoom_error(400, 300, f"Invalid field: registrants. Add 1 to {MAX_PER_STATUS_CALL} registrants.")
    for index, row in enumerate(rows):
        bad = _validate_registrant(row) if isinstance(row, dict) else "email"
        if bad:
            return zoom_error(400, 300, f"Invalid field: registrants[{index}].{bad}.")
    answers = []
    created: list[SandboxRegistrant] = []
    with transaction.atomic(using=DB):
        existing = {r.email: r for r in _registrants(kind, event)}
        if len(existing) + len(rows) > MAX_REGISTRANTS:
            return zoom_error(400, 3043, f"{kind.noun} has reached maximum attendee capacity.")
        for row in rows:
            email = row["email"].strip().lower()
            registrant = existing.get(email)
            if registrant is None:
                registrant = _new_registrant(kind, event, row, auto_approve=body.get("auto_approve") is True)
                registrant.save(using=DB)
                existing[email] = registrant
                created.append(registrant)
            answer = {"registrant_id": registrant.zoom_id, "email": registrant.email}
            if registrant.status == "approved":
                answer["join_url"] = registrant_join_url(request, kind, event, registrant)
            answers.append(answer)
    hooks.registration(request, kind.noun, "created", event, created)
    return JsonResponse({"registrants": answers}, status=201)


# --- Status / delete ----------------------------------------------------------------------------


def update_status(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    body = json_body(request)
    action = body.get("action")
    if action not in TRANSITIONS:
        return zoom_error(400, 300, "Invalid field: action. Allowed values: approve, cancel, deny.")
    rows = body.get("registrants")
    if rows is None:
        return no_content()  # e.g. a singular "registrant" key: Zoom ignores it
    if not isinstance(rows, list) or any(not isinstance(row, dict) for row in rows):
        return zoom_error(400, 300, "Invalid field: registrants.")
    if len(rows) > MAX_PER_STATUS_CALL:
        return zoom_error(400, 300, f"Invalid field: registrants. The maximum number of registrants is "
                                    f"{MAX_PER_STATUS_CALL}.")
    ids = {str(row["id"]) for row in rows if row.get("id")}
    emails = {str(row["email"]).lower() for row in rows if not row.get("id") and row.get("email")}
    if not ids and not emails:
        return no_content()
    sources, target = TRANSITIONS[action]
    query = _registrants(kind, event).filter(Q(zoom_id__in=ids) | Q(email__in=emails), status__in=sources)
    changed = list(query)
    query.filter(pk__in=[r.pk for r in changed]).update(status=target, cancelled=action == "cancel")
    hooks.registration(request, kind.noun, ACTION_EVENTS[action], event, changed)
    return no_content()


def delete_registrant(request: HttpRequest, kind: sch.Kind, event_id: str, registrant_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    registrant = _registrants(kind, event).filter(zoom_id=registrant_id).first()
    if registrant is None:
        if kind is sch.WEBINAR:
            return zoom_error(400, 3000, f"Registrant {registrant_id} was not found.")
        return zoom_error(400, 300, "The value that you entered for the Registrant ID field is invalid. "
                                    "Enter a valid value and try again.")
    occurrence_id = request.GET.get("occurrence_id")
    remaining = [o for o in registrant.occurrence_ids.split(",") if o and o != occurrence_id]
    if occurrence_id and registrant.occurrence_ids and remaining:
        registrant.occurrence_ids = ",".join(remaining)
        registrant.save(using=DB, update_fields=["occurrence_ids"])
    else:
        registrant.delete()
    return no_content()


# --- Questions ----------------------------------------------------------------------------------


def get_questions(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    form = event.questions or {}
    return JsonResponse({"questions": form.get("questions", []), "custom_questions": form.get("custom_questions", [])})


def update_questions(request: HttpRequest, kind: sch.Kind, event_id: str) -> HttpResponse:
    event = _event(request, kind, event_id)
    if isinstance(event, HttpResponse):
        return event
    body = json_body(request)
    form = dict(event.questions or {})
    if "questions" in body:
        questions = body["questions"]
        if not isinstance(questions, list) or any(
            not isinstance(q, dict) or q.get("field_name") not in QUESTION_FIELDS for q in questions
        ):
            return zoom_error(400, 300, "Invalid field: questions.field_name.")
        form["questions"] = [{"field_name": q["field_name"], "required": bool(q.get("required", False))}
                             for q in questions]
    if "custom_questions" in body:
        custom = body["custom_questions"]
        if not isinstance(custom, list) or any(
            not isinstance(q, dict) or not isinstance(q.get("title"), str)
            or q.get("type", "short") not in ("short", "single")
            for q in custom
        ):
            return zoom_error(400, 300, "Invalid field: custom_questions.")
        form["custom_questions"] = [
            {"title": q["title"], "type": q.get("type", "short"), "required": bool(q.get("required", False)),
             "answers": [str(a) for a in q.get("answers") or []]}
            for q in custom
        ]
    event.questions = form
    event.save(using=DB, update_fields=["questions"])
    return no_content()


# --- Views --------------------------------------------------------------------------------------


def _views(kind: sch.Kind, base: str) -> dict[str, Any]:
    """The decorated views of one family of paths (``base`` = "/meetings/{meetingId}")."""
    reg = f"{base}/registrants"
    return {
        "registrants": methods(
            GET=zoom_api(MEDIUM, reg, is_list=True)(lambda r, event_id: list_registrants(r, kind, event_id)),
            POST=zoom_api(LIGHT, reg)(lambda r, event_id: add_registrant(r, kind, event_id)),
        ),
        "batch": methods(POST=zoom_api(HEAVY, f"{base}/batch_registrants")(
            lambda r, event_id: batch_registrants(r, kind, event_id))),
        "status": methods(PUT=zoom_api(MEDIUM, f"{reg}/status")(lambda r, event_id: update_status(r, kind, event_id))),
        "questions": methods(
            GET=zoom_api(LIGHT, f"{reg}/questions")(lambda r, event_id: get_questions(r, kind, event_id)),
            PATCH=zoom_api(LIGHT, f"{reg}/questions")(lambda r, event_id: update_questions(r, kind, event_id)),
        ),
        "detail": methods(
            GET=zoom_api(LIGHT, f"{reg}/{{registrantId}}")(
                lambda r, event_id, registrant_id: get_registrant(r, kind, event_id, registrant_id)),
            DELETE=zoom_api(LIGHT, f"{reg}/{{registrantId}}")(
                lambda r, event_id, registrant_id: delete_registrant(r, kind, event_id, registrant_id)),
        ),
    }


MEETING_VIEWS = _views(sch.MEETING, "/meetings/{meetingId}")
WEBINAR_VIEWS = _views(sch.WEBINAR, "/webinars/{webinarId}")
