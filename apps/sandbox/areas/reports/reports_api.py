"""api.zoom.us/v2 report endpoints and /metrics/meetings, with meetings.openapi.json's shapes.

Every report is Heavy; each endpoint keeps its own date rules as the spec states them:
``/report/daily`` takes a year and month within the recent 6 months; ``/report/users``,
``/report/users/{id}/meetings`` and the other ranged reports take ``from``–``to`` of at most
one month, starting within the last 6 months; cloud recording at most 30 days and only
up to yesterday; upcoming events look ahead; per-meeting reports take no dates (a meeting
more than a year ago is refused with 12702). The data comes from ``demo_history``.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox.areas.events.models import SandboxMeeting, SandboxWebinar
from apps.sandbox.models import SandboxUser
from apps.sandbox.rest import paginate, zoom_api
from apps.sandbox.services import DB, HEAVY, iso, now, zoom_error

from . import demo_history as hist

LOOKBACK_MONTHS = 6
TELEPHONE_TYPES = {"1": "toll-free", "2": "Toll", "3": "call-in"}
OPERATIONS = (("user", "Add", "Added user {email}"), ("user_settings", "Update", "Changed settings of {email}"),
              ("account", "Update", "Changed account setting: waiting room"),
              ("recording", "Delete", "Deleted a cloud recording of {email}"),
              ("role", "Update", "Assigned a role to {email}"))


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def today() -> date:
    return now().date()


def invalid(name: str) -> HttpResponse:
    return zoom_error(400, 300, f"Invalid parameter: {name}.")


def _date(request: HttpRequest, name: str) -> date | None:
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None


def date_range(request: HttpRequest, *, max_days: int | None = None, lookback: bool = True,
               until_yesterday: bool = False) -> tuple[date, date] | HttpResponse:
    """``from``/``to`` as the report endpoints check them: one month at most (or
    ``max_days``), and, for past reports, starting within the last 6 months."""
    start, end = _date(request, "from"), _date(request, "to")
    if start is None:
        return invalid("from")
    if end is None:
        return invalid("to")
    if end < start:
        return zoom_error(400, 300, "The 'to' date must not be before the 'from' date.")
    if max_days is not None:
        if (end - start).days > max_days:
            return zoom_error(400, 300, f"The date range should not exceed {max_days} days.")
    elif end >= add_months(start, 1):
        return zoom_error(400, 300, "The date range should only be one month.")
    current = today()
    if lookback and start < add_months(current, -LOOKBACK_MONTHS):
        return zoom_error(400, 300, "Report can only be provided for dates within the recent 6 months.")
    if until_yesterday and end >= current:
        return zoom_error(400, 300, "Report can only be provided for dates up to one day before the current date.")
    return start, end


def checked_range(request: HttpRequest, *, lookback: bool = True) -> tuple[date, date] | HttpResponse:
    """Every date-ranged report's prologue: an admin's token, then the range's rules."""
    if (denied := admin_only(request)) is not None:
        return denied
    return date_range(request, lookback=lookback)


def admin_only(request: HttpRequest) -> HttpResponse | None:
    user = request.zoom_token.user
    if user is not None and not user.is_admin:
        return zoom_error(400, 200, "No permission.")
    return None


# --- account-wide reports --------------------------------------------------------------------


@zoom_api(HEAVY, "/report/daily")
def daily(request: HttpRequest) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    current = today()
    try:
        year = int(request.GET.get("year") or current.year)
        month = int(request.GET.get("month") or current.month)
        first = date(year, month, 1)
    except ValueError:
        return invalid("month")
    back = (current.year * 12 + current.month) - (year * 12 + month)
    if not 0 <= back <= LOOKBACK_MONTHS:
        return zoom_error(400, 300,
                          "Daily report can only be provided for a month that falls within the recent 6 months.")
    last = date(year, month, calendar.monthrange(year, month)[1])
    account = request.zoom_account
    meetings = hist.past_meetings(account, first, last, current)
    rows: dict[date, dict[str, Any]] = {
        d: {"date": d.isoformat(), "new_users": 0, "meetings": 0, "participants": 0, "meeting_minutes": 0}
        for d in hist.days(first, min(last, current))
    }
    for m in meetings:
        row = rows[m.day]
        row["meetings"] += 1
        row["participants"] += m.participants
        row["meeting_minutes"] += m.total_minutes
    for created in SandboxUser.objects.using(DB).filter(
        account=account, created_at__date__gte=first, created_at__date__lte=last
    ).values_list("created_at", flat=True):
        if created.date() in rows:
            rows[created.date()]["new_users"] += 1
    return JsonResponse({"year": year, "month": month, "dates": list(rows.values())})


@zoom_api(HEAVY, "/report/users", is_list=True)
def users(request: HttpRequest) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    kind = request.GET.get("type", "active")
    if kind not in ("active", "inactive"):
        return invalid("type")
    found = date_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    per_host = hist.host_totals(request.zoom_account, start, end, today())
    everyone = [u for u in hist.hosts(request.zoom_account) if u.created <= end]
    chosen = [u for u in everyone if (u.pk in per_host) == (kind == "active")]
    totals = [sum(t[i] for t in per_host.values()) for i in range(3)] if kind == "active" else [0, 0, 0]

    def to_json(u: hist.Host) -> dict[str, Any]:
        t = per_host.get(u.pk, (0, 0, 0))
        return {"id": u.zoom_id, "email": u.email, "user_name": u.name, "type": u.type, "dept": u.dept,
                "meetings": t[0], "participants": t[1], "meeting_minutes": t[2], "custom_attributes": []}

    extra = {"from": start.isoformat(), "to": end.isoformat(), "total_meetings": totals[0],
             "total_participants": totals[1], "total_meeting_minutes": totals[2]}
    return paginate(request, chosen, to_json, key="users", maximum=300, extra=extra)


@zoom_api(HEAVY, "/report/users/{userId}/meetings", is_list=True)
def user_meetings(request: HttpRequest, user_id: str) -> HttpResponse:
    found = checked_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    user = SandboxUser.objects.using(DB).filter(account=request.zoom_account).filter(
        zoom_id=user_id).first() or SandboxUser.objects.using(DB).filter(
        account=request.zoom_account, email__iexact=user_id).first()
    if user is None:
        return zoom_error(404, 1001, f"User {user_id} not exist or not belong to this account.")
    host = hist.hosts_by_pk(request.zoom_account, [user.pk])[0]
    current = today()
    meetings = [m for d in hist.days(start, min(end, current - timedelta(days=1))) for m in hist.meetings_of(host, d)]

    def to_json(m: hist.PastMeeting) -> dict[str, Any]:
        return {"uuid": m.uuid, "id": m.id, "type": 5 if m.webinar else 2, "topic": m.topic,
                "user_name": host.name, "user_email": host.email, "start_time": iso(m.start),
                "end_time": iso(m.end), "duration": m.duration, "total_minutes": m.total_minutes,
                "participants_count": m.participants, "source": "Zoom", "has_screen_share": m.n == 0,
                "has_recording": m.has_polls, "has_chat": m.has_qa}

    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return paginate(request, meetings, to_json, key="meetings", maximum=300, extra=extra)


@zoom_api(HEAVY, "/report/cloud_recording")
def cloud_recording(request: HttpRequest) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    found = date_range(request, max_days=30, until_yesterday=True)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    zid = request.zoom_account.zoom_id
    rows = []
    for d in hist.days(start, end):
        used = 200 + (d.toordinal() - 739000) * 3 % 900 + hist.h(zid, d.toordinal()) % 40
        rows.append({"date": d.isoformat(), "usage": f"{used / 10:.1f} GB", "plan_usage": "100 GB",
                     "free_usage": f"{max(0, 1000 - used) / 10:.1f} GB"})
    return JsonResponse({"from": start.isoformat(), "to": end.isoformat(), "cloud_recording_storage": rows})


@zoom_api(HEAVY, "/report/telephone", is_list=True)
def telephone(request: HttpRequest) -> HttpResponse:
    if (denied := admin_only(request)) is not None:
        return denied
    kind = request.GET.get("type", "1")
    if kind not in TELEPHONE_TYPES:
        return invalid("type")
    found = date_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    calls = [m for m in hist.past_meetings(request.zoom_account, start, end, today())
             if m.has_phone and str(1 + m.id % 3) == kind]

    def to_json(m: hist.PastMeeting) -> dict[str, Any]:
        minutes = max(1, m.duration - 5)
        rate = 0.05 if kind == "1" else 0.02
        return {"uuid": m.uuid, "meeting_id": m.id, "meeting_type": "Webinar" if m.webinar else "Meeting",
                "host_id": m.host.zoom_id, "host_name": m.host.name, "host_email": m.host.email,
                "dept": m.host.dept, "start_time": iso(m.start), "end_time": iso(m.start + timedelta(minutes=minutes)),
                "duration": minutes, "total": round(minutes * rate, 2), "rate": rate, "type": TELEPHONE_TYPES[kind],
                "country_name": "United States", "call_in_number": "+1 646 558 8656",
                "signaled_number": "+1 646 558 8656", "phone_number": f"+1 555 01{m.id % 100:02d}"}

    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return paginate(request, calls, to_json, key="telephony_usage", maximum=300, extra=extra,
                    envelope=("page_size", "total_records", "next_page_token", "page_count"))


@zoom_api(HEAVY, "/report/operationlogs", is_list=True)
def operation_logs(request: HttpRequest) -> HttpResponse:
    found = checked_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    category = request.GET.get("category_type", "all")
    account = request.zoom_account
    admins = list(SandboxUser.objects.using(DB).filter(account=account, role_id__in=[
        SandboxUser.ROLE_OWNER, SandboxUser.ROLE_ADMIN]).order_by("pk").values_list("email", flat=True)) or ["owner"]
    members = hist.hosts(account)
    rows = []
    for d in hist.days(start, min(end, today() - timedelta(days=1))):
        x = hist.h(account.zoom_id, d.toordinal(), "ops")
        for i in range(x % 4):
            cat, action, detail = OPERATIONS[(x >> (4 + i)) % len(OPERATIONS)]
            if category not in ("all", cat):
                continue
            target = members[(x >> 8) % len(members)].email if members else ""
            when = datetime(d.year, d.month, d.day, 9 + i * 2, (x >> 12) % 60, tzinfo=now().tzinfo)
            rows.append({"time": iso(when), "operator": admins[i % len(admins)], "category_type": cat,
                         "action": action, "operation_detail": detail.format(email=target)})
    return paginate(request, rows, lambda r: r, key="operation_logs", maximum=300,
                    envelope=("page_size", "next_page_token"))


@zoom_api(HEAVY, "/report/activities", is_list=True)
def activities(request: HttpRequest) -> HttpResponse:
    found = checked_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    rows = []
    for m in hist.past_meetings(request.zoom_account, start, end, today()):
        if m.n not in (0, hist.WEBINAR_N):
            continue  # one sign-in per host and day
        ip = f"198.51.100.{m.host.pk % 250 + 1}"
        for kind, at in (("Sign in", m.start - timedelta(minutes=5)), ("Sign out", m.end + timedelta(minutes=5))):
            rows.append({"email": m.host.email, "time": iso(at), "type": kind, "ip_address": ip,
                         "client_type": "Mac" if m.host.pk % 2 else "Windows", "version": "6.2.5.51234"})
    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return paginate(request, rows, lambda r: r, key="activity_logs", maximum=300, extra=extra,
                    envelope=("page_size", "next_page_token"))


@zoom_api(HEAVY, "/report/upcoming_events", is_list=True)
def upcoming_events(request: HttpRequest) -> HttpResponse:
    found = checked_range(request, lookback=False)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    kind = request.GET.get("type", "all")
    if kind not in ("meeting", "webinar", "all"):
        return invalid("type")
    earliest = max(now(), datetime(start.year, start.month, start.day, tzinfo=now().tzinfo))
    latest = datetime(end.year, end.month, end.day, tzinfo=now().tzinfo) + timedelta(days=1)
    events: list[Any] = []
    for model, wanted in ((SandboxMeeting, "meeting"), (SandboxWebinar, "webinar")):
        if kind in ("all", wanted):
            events += list(model.objects.using(DB).select_related("host").filter(
                account=request.zoom_account, start_time__gte=earliest, start_time__lt=latest))
    events.sort(key=lambda e: (e.start_time, e.zoom_id))

    def to_json(e: Any) -> dict[str, Any]:
        return {"id": str(e.zoom_id), "start_time": iso(e.start_time), "topic": e.topic, "host_id": e.host.zoom_id,
                "host_name": f"{e.host.first_name} {e.host.last_name}".strip(), "dept": e.host.dept}

    extra = {"from": start.isoformat(), "to": end.isoformat()}
    return paginate(request, events, to_json, key="upcoming_events", maximum=300, extra=extra,
                    envelope=("page_size", "next_page_token"))


@zoom_api(HEAVY, "/report/history_meetings", is_list=True)
def history_meetings(request: HttpRequest) -> HttpResponse:
    found = checked_range(request)
    if isinstance(found, HttpResponse):
        return found
    start, end = found
    kind = request.GET.get("meeting_type", "all")
    if kind not in ("meeting", "webinar", "all"):
        return invalid("meeting_type")
    meetings = [m for m in hist.past_meetings(request.zoom_account, start, end, today())
                if kind == "all" or m.webinar == (kind == "webinar")]

    def to_json(m: hist.PastMeeting) -> dict[str, Any]:
        return {"meeting_uuid": m.uuid, "meeting_id": m.id, "type": "Webinar" if m.webinar else "Meeting",
                "host_display_name": m.host.name, "host_email": m.host.email, "start_time": iso(m.start),
                "end_time": iso(m.end), "topic": m.topic, "participants": m.participants, "duration": m.duration,
                "total_participant_minutes": m.total_minutes, "department": m.host.dept, "source": "Zoom",
                "create_time": iso(m.start - timedelta(days=3)), "group": [], "custom_fields": [],
                "tracking_fields": [], "unique_viewers": m.participants if m.webinar else 0,
                "max_concurrent_views": 0}

    return paginate(request, meetings, to_json, key="history_meetings", maximum=300,
                    envelope=("page_size", "next_page_token"))
