"""api.zoom.us/v2 reports on one past meeting or webinar (details, participants, polls, Q&A)
and /metrics/meetings, with meetings.openapi.json's shapes (/metrics: Zoom's Dashboards API).

Per-meeting reports take no dates: a meeting more than a year ago is refused with 12702,
one that has not happened (or does not exist) with 3001. /metrics is Resource-intensive
and answers Zoom's plan error on a Pro account.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox import rest
from apps.sandbox.rest import paginate, zoom_api
from apps.sandbox.services import HEAVY, RESOURCE_INTENSIVE, iso, now, zoom_error

from . import demo_history as hist
from .reports_api import admin_only, invalid, today

# --- one meeting or webinar -------------------------------------------------------------------


def _past(request: HttpRequest, event_id: str, webinar: bool) -> hist.PastMeeting | HttpResponse:
    noun = "Webinar" if webinar else "Meeting"
    try:
        meeting_id = int(event_id)
    except ValueError:
        meeting_id = -1
    found = hist.find(request.zoom_account, meeting_id, today()) if meeting_id > 0 else None
    if found == "old":
        return zoom_error(400, 12702, f"Can not access {'a webinar' if webinar else 'meeting'} a year ago.")
    if not isinstance(found, hist.PastMeeting) or found.webinar != webinar:
        return zoom_error(404, 3001, f"{noun} {event_id} not found or has expired.")
    return found


def _details(request: HttpRequest, event_id: str, webinar: bool) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    m = _past(request, event_id, webinar)
    if isinstance(m, HttpResponse):
        return m
    return JsonResponse({"uuid": m.uuid, "id": m.id, "type": 5 if webinar else 2, "topic": m.topic,
                         "user_name": m.host.name, "user_email": m.host.email, "start_time": iso(m.start),
                         "end_time": iso(m.end), "duration": m.duration, "total_minutes": m.total_minutes,
                         "participants_count": m.participants, "dept": m.host.dept, "custom_keys": [],
                         "tracking_fields": []})


def _participants(request: HttpRequest, event_id: str, webinar: bool) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    m = _past(request, event_id, webinar)
    if isinstance(m, HttpResponse):
        return m
    with_registrant = request.GET.get("include_fields") == "registrant_id"

    def to_json(i: int) -> dict[str, Any]:
        p = hist.participant(m, i)
        data = {"id": p["user_id"], "user_id": str(16778240 + i), "participant_user_id": p["user_id"],
                "name": p["name"], "user_email": p["email"], "join_time": iso(p["join"]),
                "leave_time": iso(p["leave"]), "duration": p["minutes"] * 60, "failover": False,
                "status": "in_meeting", "customer_key": "", "bo_mtg_id": ""}
        if with_registrant:
            data["registrant_id"] = ""
        return data

    return paginate(request, list(range(m.participants)), to_json, key="participants", maximum=300,
                    envelope=("page_size", "total_records", "next_page_token", "page_count"))


def _questions(request: HttpRequest, event_id: str, webinar: bool, qa: bool) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    m = _past(request, event_id, webinar)
    if isinstance(m, HttpResponse):
        return m
    questions = []
    if (m.has_qa if qa else m.has_polls):
        for i in range(1, min(m.participants, 6)):
            p = hist.participant(m, i)
            first, _, last = str(p["name"]).partition(" ")
            at = iso(m.start + timedelta(minutes=10 + i))
            if qa:
                detail = {"question_id": f"q{m.id % 10000}-{i}", "question": f"Question {i} about {m.topic}?",
                          "answer": "Answered live.", "create_time": at, "question_status": "answered",
                          "answer_details": [{"user_id": m.host.zoom_id, "name": m.host.name,
                                              "email": m.host.email, "content": "Answered live.",
                                              "create_time": at, "type": "host_answered_publicly"}]}
                questions.append({"user_id": str(16778240 + i), "name": p["name"], "email": p["email"],
                                  "question_details": [detail]})
            else:
                detail = {"question": "How useful was this session?", "answer": ("Very", "Somewhat", "Not")[i % 3],
                          "polling_id": f"poll-{m.id % 10000}", "date_time": at}
                questions.append({"name": p["name"], "first_name": first, "last_name": last, "email": p["email"],
                                  "question_details": [detail]})
    return JsonResponse({"id": m.id, "uuid": m.uuid, "start_time": iso(m.start), "questions": questions})


def _event_views(key: str, webinar: bool) -> dict[str, Any]:
    def details(request: HttpRequest, event_id: str) -> HttpResponse:
        return _details(request, event_id, webinar)

    def participants(request: HttpRequest, event_id: str) -> HttpResponse:
        return _participants(request, event_id, webinar)

    def polls(request: HttpRequest, event_id: str) -> HttpResponse:
        return _questions(request, event_id, webinar, qa=False)

    def qa(request: HttpRequest, event_id: str) -> HttpResponse:
        return _questions(request, event_id, webinar, qa=True)

    return {
        "details": zoom_api(HEAVY, key)(details),
        "participants": zoom_api(HEAVY, key + "/participants", is_list=True)(participants),
        "polls": zoom_api(HEAVY, key + "/polls")(polls),
        "qa": zoom_api(HEAVY, key + "/qa")(qa),
    }


MEETING_VIEWS = _event_views("/report/meetings/{meetingId}", webinar=False)
WEBINAR_VIEWS = _event_views("/report/webinars/{webinarId}", webinar=True)


# --- dashboard metrics ------------------------------------------------------------------------


@zoom_api(RESOURCE_INTENSIVE, "/metrics/meetings", is_list=True)
def metrics_meetings(request: HttpRequest) -> HttpResponse:
    """Live (or past) meetings of the dashboard; Business plans and up only."""
    if (denied := admin_only(request)) is not None:
        return denied
    account = request.zoom_account
    plan = rest.STATE.plan.get(account.zoom_id) or rest.STATE.plan.get("*") or account.plan
    if plan == "pro":
        return zoom_error(400, 200, "This feature is only available for Business or higher plans.")
    kind = request.GET.get("type", "live")
    if kind not in ("live", "past", "pastOne"):
        return invalid("type")
    moment = now()
    live = [m for host in hist.hosts(account) for m in hist.meetings_of(host, moment.date())
            if m.start <= moment < m.end] if kind == "live" else []

    def to_json(m: hist.PastMeeting) -> dict[str, Any]:
        return {"uuid": m.uuid, "id": m.id, "topic": m.topic, "host": m.host.name, "email": m.host.email,
                "user_type": "Licensed", "start_time": iso(m.start), "duration": "", "participants": m.participants,
                "has_pstn": m.has_phone, "has_voip": True, "has_video": True, "has_screen_share": m.n == 0,
                "has_recording": False, "dept": m.host.dept}

    extra = {"from": moment.date().isoformat(), "to": moment.date().isoformat()}
    return paginate(request, live, to_json, key="meetings", maximum=300, extra=extra)
