"""Report endpoints of the sandbox: each one's date rules, shapes and generated history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from test_sandbox_meetings import admin_headers, no_rate_limits  # noqa: F401

from apps.sandbox import rest
from apps.sandbox.areas.reports.reports_api import add_months
from apps.sandbox.services import now

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]


@pytest.fixture
def auth(client: Client, zoom: dict) -> dict[str, str]:
    return admin_headers(client)


def today() -> date:
    return now().date()


def month_start(months_back: int) -> date:
    return add_months(today().replace(day=1), -months_back)


def get(client: Client, auth: dict, url: str, **params: object):
    return client.get(url, params, **auth)


def test_daily_takes_a_month_within_the_recent_six_months(client: Client, auth: dict) -> None:
    first = month_start(3)
    ok = get(client, auth, "/v2/report/daily", year=first.year, month=first.month)
    assert ok.status_code == 200
    body = ok.json()
    assert body["year"] == first.year and len(body["dates"]) >= 28
    assert sum(d["meetings"] for d in body["dates"]) > 0
    old = month_start(7)
    refused = get(client, auth, "/v2/report/daily", year=old.year, month=old.month)
    assert refused.status_code == 400 and refused.json()["code"] == 300
    assert "recent 6 months" in refused.json()["message"]


def test_users_report_takes_at_most_one_month_within_six_months(client: Client, auth: dict) -> None:
    first = month_start(2)
    last = add_months(first, 1) - timedelta(days=1)
    ok = get(client, auth, "/v2/report/users", type="active", **{"from": first, "to": last})
    assert ok.status_code == 200 and ok.json()["total_records"] > 0
    too_long = get(client, auth, "/v2/report/users", type="active", **{"from": first, "to": last + timedelta(days=1)})
    assert too_long.status_code == 400 and too_long.json()["code"] == 300
    old = month_start(7)
    too_old = get(client, auth, "/v2/report/users", type="active", **{"from": old, "to": old + timedelta(days=5)})
    assert too_old.status_code == 400 and "6 months" in too_old.json()["message"]


def test_active_and_inactive_hosts_partition_the_users(client: Client, auth: dict) -> None:
    first = month_start(1)
    last = add_months(first, 1) - timedelta(days=1)
    span = {"from": first, "to": last, "page_size": 300}
    active = get(client, auth, "/v2/report/users", type="active", **span).json()
    inactive = get(client, auth, "/v2/report/users", type="inactive", **span).json()
    assert active["total_records"] + inactive["total_records"] == 19  # 20 users, one pending
    assert active["total_meetings"] == sum(u["meetings"] for u in active["users"])
    assert all(u["meetings"] == 0 for u in inactive["users"])


def test_a_users_meetings_agree_with_the_meeting_reports(client: Client, auth: dict) -> None:
    first = month_start(1)
    last = add_months(first, 1) - timedelta(days=1)
    active = get(client, auth, "/v2/report/users", type="active", **{"from": first, "to": last}).json()
    host = active["users"][0]
    meetings = get(client, auth, f"/v2/report/users/{host['id']}/meetings", **{"from": first, "to": last}).json()
    assert meetings["total_records"] >= host["meetings"]
    one = meetings["meetings"][0]
    kind = "webinars" if one["type"] == 5 else "meetings"
    details = get(client, auth, f"/v2/report/{kind}/{one['id']}").json()
    assert details["participants_count"] == one["participants_count"] and details["user_email"] == host["email"]
    participants = get(client, auth, f"/v2/report/{kind}/{one['id']}/participants", page_size=300).json()
    assert participants["total_records"] == one["participants_count"]
    assert sum(p["duration"] for p in participants["participants"]) == one["total_minutes"] * 60
    assert get(client, auth, f"/v2/report/{kind}/{one['id']}/polls").status_code == 200
    assert get(client, auth, f"/v2/report/{kind}/{one['id']}/qa").status_code == 200
    missing = get(client, auth, "/v2/report/meetings/12345")
    assert missing.status_code == 404 and missing.json()["code"] == 3001


def test_a_meeting_more_than_a_year_ago_is_refused(client: Client, auth: dict) -> None:
    old = (today() - timedelta(days=400)).toordinal() * 10**8 + 10
    refused = get(client, auth, f"/v2/report/meetings/{old}")
    assert refused.status_code == 400 and refused.json()["code"] == 12702


def test_cloud_recording_takes_thirty_days_up_to_yesterday(client: Client, auth: dict) -> None:
    end = today() - timedelta(days=1)
    ok = get(client, auth, "/v2/report/cloud_recording", **{"from": end - timedelta(days=30), "to": end})
    assert ok.status_code == 200 and len(ok.json()["cloud_recording_storage"]) == 31
    too_long = get(client, auth, "/v2/report/cloud_recording", **{"from": end - timedelta(days=31), "to": end})
    assert too_long.status_code == 400 and "30 days" in too_long.json()["message"]
    today_refused = get(client, auth, "/v2/report/cloud_recording", **{"from": end, "to": today()})
    assert today_refused.status_code == 400


@pytest.mark.parametrize("path,key", [
    ("/v2/report/telephone", "telephony_usage"), ("/v2/report/operationlogs", "operation_logs"),
    ("/v2/report/activities", "activity_logs"), ("/v2/report/history_meetings", "history_meetings"),
])
def test_ranged_reports_take_one_month_and_paginate(client: Client, auth: dict, path: str, key: str) -> None:
    first = month_start(2)
    last = add_months(first, 1) - timedelta(days=1)
    ok = get(client, auth, path, **{"from": first, "to": last, "page_size": 5})
    assert ok.status_code == 200 and key in ok.json()
    too_long = get(client, auth, path, **{"from": first, "to": last + timedelta(days=3)})
    assert too_long.status_code == 400 and too_long.json()["code"] == 300
    missing = get(client, auth, path, to=last)
    assert missing.status_code == 400


def test_upcoming_events_look_ahead(client: Client, auth: dict) -> None:
    ok = get(client, auth, "/v2/report/upcoming_events", **{"from": today(), "to": today() + timedelta(days=27)})
    assert ok.status_code == 200
    assert all(e["start_time"] >= today().isoformat() for e in ok.json()["upcoming_events"])
    too_long = get(client, auth, "/v2/report/upcoming_events", **{"from": today(), "to": today() + timedelta(days=40)})
    assert too_long.status_code == 400


def test_metrics_need_a_business_plan(client: Client, auth: dict) -> None:
    live = get(client, auth, "/v2/metrics/meetings", type="live", **{"from": today(), "to": today()})
    assert live.status_code == 200 and "meetings" in live.json()  # Northwind is on Business
    rest.set_limits(plan="pro")
    refused = get(client, auth, "/v2/metrics/meetings", type="live", **{"from": today(), "to": today()})
    assert refused.status_code == 400 and refused.json()["code"] == 200
    assert "Business" in refused.json()["message"]


def test_history_is_the_same_for_the_same_seed(client: Client, auth: dict) -> None:
    first = month_start(1)
    a = get(client, auth, "/v2/report/daily", year=first.year, month=first.month).json()
    b = get(client, auth, "/v2/report/daily", year=first.year, month=first.month).json()
    assert a == b


def test_every_per_meeting_report_answers_for_meetings_and_webinars(client: Client, auth: dict) -> None:
    first = month_start(1)
    last = add_months(first, 1) - timedelta(days=1)
    history = get(client, auth, "/v2/report/history_meetings", **{"from": first, "to": last, "page_size": 300}).json()
    meetings = [m for m in history["history_meetings"] if m["type"] == "Meeting"][:6]
    webinars = [m for m in history["history_meetings"] if m["type"] == "Webinar"][:2]
    assert meetings
    for event in meetings + webinars:
        kind = "webinars" if event["type"] == "Webinar" else "meetings"
        for suffix in ("", "/participants", "/polls", "/qa"):
            response = get(client, auth, f"/v2/report/{kind}/{event['meeting_id']}{suffix}",
                           include_fields="registrant_id")
            assert response.status_code == 200, (kind, suffix, response.content)
    polls = [get(client, auth, f"/v2/report/meetings/{m['meeting_id']}/polls").json()["questions"] for m in meetings]
    assert any(polls)
