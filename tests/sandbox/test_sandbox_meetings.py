"""Meetings on the sandbox, through HTTP: create, occurrences, get, update, delete, list, limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from sandbox_helpers import bearer, tokens_for

from apps.sandbox import rest, services
from apps.sandbox.areas.events.models import SandboxDailyWrites, SandboxMeeting, SandboxWebinar
from apps.sandbox.demo import ADMIN_APP, DEMO_ADMIN_EMAIL
from apps.sandbox.models import SandboxUser

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]

WEEKLY = {
    "topic": "Weekly sync", "type": 8, "start_time": "2030-01-07T09:00:00", "timezone": "America/New_York",
    "duration": 45, "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 4},
}


@pytest.fixture(autouse=True)
def no_rate_limits() -> Iterator[None]:
    """These tests make many calls in a second; per-label limits are tested elsewhere."""
    rest.reset_runtime_state()
    rest.set_limits(enabled=False)
    yield
    rest.reset_runtime_state()


@pytest.fixture
def auth(client: Client, zoom: dict) -> dict[str, str]:
    no_demo_events()
    return admin_headers(client)


def no_demo_events() -> None:
    """demo.reset seeds some events; these tests start from none."""
    SandboxMeeting.objects.using("sandbox").all().delete()
    SandboxWebinar.objects.using("sandbox").all().delete()


def admin_headers(client: Client) -> dict[str, str]:
    return bearer(tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)["access_token"])


def create(client: Client, auth: dict[str, str], body: dict[str, Any], user: str = "me") -> Any:
    return client.post(f"/v2/users/{user}/meetings", body, content_type="application/json", **auth)


def patch(client: Client, url: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.patch(url, body, content_type="application/json", **auth)


def test_a_weekly_recurring_meeting_gets_its_occurrences_at_local_time(client: Client, auth: dict) -> None:
    response = create(client, auth, WEEKLY)
    assert response.status_code == 201, response.content
    meeting = response.json()
    # Mondays and Wednesdays (weekly_days 2,4; 1 = Sunday) at 09:00 New York (14:00Z in January)
    assert [o["start_time"] for o in meeting["occurrences"]] == [
        "2030-01-07T14:00:00Z", "2030-01-09T14:00:00Z", "2030-01-14T14:00:00Z", "2030-01-16T14:00:00Z",
    ]
    first = meeting["occurrences"][0]
    assert first["occurrence_id"] == str(int(datetime(2030, 1, 7, 14, tzinfo=UTC).timestamp() * 1000))
    assert first["status"] == "available" and first["duration"] == 45
    assert meeting["recurrence"] == {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 4}
    assert isinstance(meeting["id"], int) and meeting["join_url"].endswith(str(meeting["id"]))
    assert "zak=" in meeting["start_url"]
    assert "uuid" not in meeting  # not in meetingCreate's 201 schema
    fetched = client.get(f"/v2/meetings/{meeting['id']}", **auth).json()
    assert fetched["occurrences"] == meeting["occurrences"]
    assert len(fetched["uuid"]) == 24 and fetched["host_email"] == DEMO_ADMIN_EMAIL


def test_end_times_above_60_is_refused_with_code_300_naming_the_field(client: Client, auth: dict) -> None:
    body = {**WEEKLY, "recurrence": {**WEEKLY["recurrence"], "end_times": 61}}
    response = create(client, auth, body)
    assert response.status_code == 400
    assert response.json()["code"] == 300
    assert "recurrence.end_times" in response.json()["message"]
    assert not SandboxMeeting.objects.using("sandbox").exists()


def test_a_monthly_recurrence_without_day_or_week_is_refused(client: Client, auth: dict) -> None:
    body = {**WEEKLY, "recurrence": {"type": 3, "repeat_interval": 1, "end_times": 3}}
    response = create(client, auth, body)
    assert response.status_code == 400
    assert response.json()["code"] == 300 and "monthly_day" in response.json()["message"]


def test_a_monthly_recurrence_on_the_last_friday(client: Client, auth: dict) -> None:
    body = {**WEEKLY, "timezone": "UTC", "start_time": "2030-01-01T10:00:00Z",
            "recurrence": {"type": 3, "monthly_week": -1, "monthly_week_day": 6, "end_times": 3}}
    meeting = create(client, auth, body).json()
    assert [o["start_time"][:10] for o in meeting["occurrences"]] == ["2030-01-25", "2030-02-22", "2030-03-29"]


def test_updating_one_occurrence_changes_only_that_occurrence(client: Client, auth: dict) -> None:
    meeting = create(client, auth, WEEKLY).json()
    second = meeting["occurrences"][1]["occurrence_id"]
    url = f"/v2/meetings/{meeting['id']}?occurrence_id={second}"
    response = patch(client, url, {"start_time": "2030-01-09T16:00:00Z", "duration": 30, "agenda": "Moved"}, auth)
    assert response.status_code == 204, response.content
    one = client.get(url, **auth).json()
    assert (one["start_time"], one["duration"], one["agenda"]) == ("2030-01-09T16:00:00Z", 30, "Moved")
    whole = client.get(f"/v2/meetings/{meeting['id']}", **auth).json()
    assert whole["agenda"] == "" and whole["duration"] == 45
    assert [o["occurrence_id"] for o in whole["occurrences"]] == [o["occurrence_id"] for o in meeting["occurrences"]]
    assert whole["occurrences"][1]["start_time"] == "2030-01-09T16:00:00Z"
    assert whole["occurrences"][2]["start_time"] == "2030-01-14T14:00:00Z"


def test_deleting_one_occurrence_hides_it_and_keeps_the_series(client: Client, auth: dict) -> None:
    meeting = create(client, auth, WEEKLY).json()
    third = meeting["occurrences"][2]["occurrence_id"]
    response = client.delete(f"/v2/meetings/{meeting['id']}?occurrence_id={third}", **auth)
    assert response.status_code == 204
    left = client.get(f"/v2/meetings/{meeting['id']}", **auth).json()["occurrences"]
    assert third not in [o["occurrence_id"] for o in left] and len(left) == 3
    again = client.delete(f"/v2/meetings/{meeting['id']}?occurrence_id={third}", **auth)
    assert again.status_code == 400 and again.json()["code"] == 300


def test_deleting_a_meeting_then_getting_it_answers_3001(client: Client, auth: dict) -> None:
    meeting = create(client, auth, {"topic": "Once", "type": 2, "start_time": "2030-02-01T10:00:00Z"}).json()
    url = f"/v2/meetings/{meeting['id']}"
    assert client.delete(url + "?schedule_for_reminder=true&cancel_meeting_reminder=false", **auth).status_code == 204
    response = client.get(url, **auth)
    assert response.status_code == 404
    assert response.json() == {"code": 3001, "message": f"Meeting does not exist: {meeting['id']}."}


def test_the_101st_create_or_update_of_a_host_in_a_day_is_refused_until_the_next_utc_day(
    client: Client, auth: dict
) -> None:
    host = SandboxUser.objects.using("sandbox").get(email=DEMO_ADMIN_EMAIL)
    SandboxDailyWrites.objects.using("sandbox").create(user=host, kind="meeting", day=services.now().date(), count=98)
    meeting = create(client, auth, {"topic": "99th", "start_time": "2030-02-01T10:00:00Z"}).json()
    assert patch(client, f"/v2/meetings/{meeting['id']}", {"topic": "100th"}, auth).status_code == 204
    refused = patch(client, f"/v2/meetings/{meeting['id']}", {"topic": "101st"}, auth)
    assert refused.status_code == 429
    assert refused.json() == {
        "code": 429,
        "message": "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted "
                   "for this particular user. You may resume these requests at GMT 00:00:00.",
    }
    assert create(client, auth, {"topic": "also refused"}).status_code == 429
    current = services.now()
    midnight = datetime.combine(current.date() + timedelta(days=1), datetime.min.time(), UTC)
    services.advance_clock((midnight - current).total_seconds() + 1)
    fresh = admin_headers(client)  # the old access token expired meanwhile
    assert patch(client, f"/v2/meetings/{meeting['id']}", {"topic": "next day"}, fresh).status_code == 204


def test_the_list_pages_through_three_pages_with_the_type_filter_resent(client: Client, auth: dict) -> None:
    for n in range(7):
        assert create(client, auth, {"topic": f"Future {n}",
                                     "start_time": f"2030-03-0{n + 1}T10:00:00Z"}).status_code == 201
    create(client, auth, {"topic": "Past", "start_time": "2020-03-01T10:00:00Z"})
    seen, token, pages = [], "", 0
    while True:
        response = client.get("/v2/users/me/meetings", {"type": "upcoming", "page_size": 3, "next_page_token": token},
                              **auth)
        assert response.status_code == 200, response.content
        body = response.json()
        pages += 1
        assert body["total_records"] == 7 and body["page_size"] == 3
        seen += [m["topic"] for m in body["meetings"]]
        token = body["next_page_token"]
        if not token:
            break
    assert pages == 3 and seen == [f"Future {n}" for n in range(7)]
    # A token is bound to its filters: the same token with another type is refused.
    first = client.get("/v2/users/me/meetings", {"type": "upcoming", "page_size": 3}, **auth).json()
    other = client.get("/v2/users/me/meetings", {"type": "scheduled", "page_size": 3,
                                                 "next_page_token": first["next_page_token"]}, **auth)
    assert other.status_code == 400 and other.json()["code"] == 300
    previous = client.get("/v2/users/me/meetings", {"type": "previous_meetings"}, **auth).json()
    assert [m["topic"] for m in previous["meetings"]] == ["Past"]


def test_status_end_and_invitation(client: Client, auth: dict) -> None:
    meeting = create(client, auth, {"topic": "Town hall", "start_time": "2030-02-01T10:00:00Z",
                                    "password": "abc123"}).json()
    url = f"/v2/meetings/{meeting['id']}"
    assert client.put(url + "/status", {"action": "end"}, content_type="application/json", **auth).status_code == 204
    bad = client.put(url + "/status", {"action": "explode"}, content_type="application/json", **auth)
    assert bad.status_code == 400 and bad.json()["code"] == 300
    invitation = client.get(url + "/invitation", **auth).json()["invitation"]
    assert "Town hall" in invitation and "abc123" in invitation and meeting["join_url"] in invitation


def test_an_unknown_user_and_a_bad_type_are_refused(client: Client, auth: dict) -> None:
    missing = create(client, auth, {"topic": "x"}, user="nobody@nowhere.example")
    assert missing.status_code == 404 and missing.json()["code"] == 1001
    bad = create(client, auth, {"topic": "x", "type": 5})
    assert bad.status_code == 400 and bad.json()["code"] == 300 and "type" in bad.json()["message"]
    bad_list = client.get("/v2/users/me/meetings", {"type": "someday"}, **auth)
    assert bad_list.status_code == 400
