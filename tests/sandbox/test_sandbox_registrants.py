"""Registrants on the sandbox, through HTTP: Zoom's list default, approval, the 30 limit, cancel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from test_sandbox_meetings import admin_headers, create, no_demo_events, no_rate_limits  # noqa: F401

from apps.sandbox.areas.events import scheduling
from apps.sandbox.areas.events.models import SandboxMeeting, SandboxRegistrant
from apps.sandbox.services import now

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]

MANUAL = {"topic": "Launch briefing", "type": 2, "start_time": "2030-05-01T15:00:00Z",
          "settings": {"approval_type": 1}}


@pytest.fixture
def auth(client: Client, zoom: dict) -> dict[str, str]:
    no_demo_events()
    return admin_headers(client)


def meeting_with(client: Client, auth: dict, body: dict[str, Any] = MANUAL) -> dict[str, Any]:
    response = create(client, auth, body)
    assert response.status_code == 201, response.content
    return response.json()


def register(client: Client, auth: dict, meeting_id: int, email: str, **extra: Any) -> Any:
    body = {"email": email, "first_name": "Ada", "last_name": "Example", **extra}
    return client.post(f"/v2/meetings/{meeting_id}/registrants", body, content_type="application/json", **auth)


def pending(meeting_id: int, count: int) -> list[str]:
    """``count`` pending registrants made directly in the sandbox (fast)."""
    meeting = SandboxMeeting.objects.using("sandbox").get(zoom_id=meeting_id)
    rows = [SandboxRegistrant(meeting=meeting, zoom_id=scheduling.random_id(), email=f"p{n}@example.org",
                              first_name="P", last_name=str(n), status="pending", create_time=now())
            for n in range(count)]
    SandboxRegistrant.objects.using("sandbox").bulk_create(rows)
    return [r.zoom_id for r in rows]


def statuses(meeting_id: int) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in SandboxRegistrant.objects.using("sandbox").filter(meeting__zoom_id=meeting_id):
        out[r.status] = out.get(r.status, 0) + 1
    return out


def put_status(client: Client, auth: dict, meeting_id: int, body: dict[str, Any]) -> Any:
    return client.put(f"/v2/meetings/{meeting_id}/registrants/status", body, content_type="application/json", **auth)


def test_a_meeting_with_manual_approval_has_a_registration_url(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    assert meeting["settings"]["approval_type"] == 1
    assert "/meeting/register/" in meeting["registration_url"]


def test_a_new_registrant_of_a_manual_meeting_is_pending_and_gets_no_join_url(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    response = register(client, auth, meeting["id"], "ada@example.com",
                        custom_questions=[{"title": "Company", "value": "Example Ltd"}])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id"] == meeting["id"] and body["topic"] == "Launch briefing" and "join_url" not in body
    assert body["registrant_id"] and body["start_time"] == "2030-05-01T15:00:00Z"
    again = register(client, auth, meeting["id"], "ADA@example.com")
    assert again.status_code == 201 and again.json()["registrant_id"] == body["registrant_id"]
    assert statuses(meeting["id"]) == {"pending": 1}


def test_automatic_approval_approves_and_returns_the_join_url(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth, {**MANUAL, "settings": {"approval_type": 0}})
    body = register(client, auth, meeting["id"], "bo@example.net").json()
    assert body["join_url"].endswith(body["registrant_id"])
    assert statuses(meeting["id"]) == {"approved": 1}


def test_registration_off_is_refused(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth, {**MANUAL, "settings": {}})
    response = register(client, auth, meeting["id"], "cy@example.com")
    assert response.status_code == 400
    assert response.json() == {"code": 300,
                               "message": f"Registration has not been enabled for this meeting: {meeting['id']}."}


def test_the_list_shows_approved_only_unless_pending_is_asked(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    pending(meeting["id"], 3)
    register(client, auth, meeting["id"], "auto@example.com", auto_approve=True)
    url = f"/v2/meetings/{meeting['id']}/registrants"
    default = client.get(url, **auth).json()
    assert [r["email"] for r in default["registrants"]] == ["auto@example.com"]
    assert default["total_records"] == 1
    waiting = client.get(url, {"status": "pending"}, **auth).json()
    assert waiting["total_records"] == 3 and {r["status"] for r in waiting["registrants"]} == {"pending"}
    one = waiting["registrants"][0]
    assert {"id", "email", "first_name", "last_name", "status", "create_time", "join_url",
            "custom_questions"} <= set(one)


def test_approving_30_in_one_call_works(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    ids = pending(meeting["id"], 30)
    response = put_status(client, auth, meeting["id"],
                          {"action": "approve", "registrants": [{"id": i} for i in ids]})
    assert response.status_code == 204
    assert statuses(meeting["id"]) == {"approved": 30}


def test_31_in_one_status_call_is_refused_and_nothing_changes(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    ids = pending(meeting["id"], 31)
    response = put_status(client, auth, meeting["id"],
                          {"action": "approve", "registrants": [{"id": i, "email": "x@example.org"} for i in ids]})
    assert response.status_code == 400 and response.json()["code"] == 300
    assert statuses(meeting["id"]) == {"pending": 31}


def test_the_singular_registrant_key_is_silently_ignored(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    ids = pending(meeting["id"], 2)
    response = put_status(client, auth, meeting["id"], {"action": "approve", "registrant": [{"id": i} for i in ids]})
    assert response.status_code == 204
    assert statuses(meeting["id"]) == {"pending": 2}


def test_unknown_ids_are_ignored_and_emails_match(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    pending(meeting["id"], 2)
    response = put_status(client, auth, meeting["id"], {"action": "deny", "registrants": [
        {"id": "doesnotexist"}, {"email": "p1@example.org"}]})
    assert response.status_code == 204
    assert statuses(meeting["id"]) == {"pending": 1, "denied": 1}


def test_cancelling_an_approved_registration_lists_it_as_denied(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    approved = register(client, auth, meeting["id"], "dee@example.com", auto_approve=True).json()
    waiting = pending(meeting["id"], 1)
    body = {"action": "cancel", "registrants": [{"id": approved["registrant_id"]}, {"id": waiting[0]}]}
    assert put_status(client, auth, meeting["id"], body).status_code == 204
    url = f"/v2/meetings/{meeting['id']}/registrants"
    assert client.get(url, **auth).json()["total_records"] == 0
    denied = client.get(url, {"status": "denied"}, **auth).json()["registrants"]
    assert [r["id"] for r in denied] == [approved["registrant_id"]]
    # cancel applies to approved registrations only: the pending one is untouched
    assert client.get(url, {"status": "pending"}, **auth).json()["total_records"] == 1


def test_a_bad_action_is_refused(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    response = put_status(client, auth, meeting["id"], {"action": "maybe", "registrants": []})
    assert response.status_code == 400 and response.json()["code"] == 300


def test_deleting_a_registrant_and_an_unknown_one(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    registrant = register(client, auth, meeting["id"], "eve@example.com").json()["registrant_id"]
    url = f"/v2/meetings/{meeting['id']}/registrants"
    assert client.get(f"{url}/{registrant}", **auth).json()["email"] == "eve@example.com"
    assert client.delete(f"{url}/{registrant}", **auth).status_code == 204
    gone = client.delete(f"{url}/{registrant}", **auth)
    assert gone.status_code == 400 and gone.json()["code"] == 300


def test_registration_questions_round_trip(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    url = f"/v2/meetings/{meeting['id']}/registrants/questions"
    body = {"questions": [{"field_name": "org", "required": True}],
            "custom_questions": [{"title": "Role", "type": "single", "required": False, "answers": ["Dev", "Ops"]}]}
    assert client.patch(url, body, content_type="application/json", **auth).status_code == 204
    assert client.get(url, **auth).json() == body
    bad = client.patch(url, {"questions": [{"field_name": "shoe_size"}]}, content_type="application/json", **auth)
    assert bad.status_code == 400


def test_batch_registrants_for_a_scheduled_meeting(client: Client, auth: dict) -> None:
    meeting = meeting_with(client, auth)
    rows = [{"email": f"b{n}@example.com", "first_name": "B", "last_name": str(n)} for n in range(3)]
    response = client.post(f"/v2/meetings/{meeting['id']}/batch_registrants",
                           {"registrants": rows, "auto_approve": True}, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert [r["email"] for r in response.json()["registrants"]] == [r["email"] for r in rows]
    assert statuses(meeting["id"]) == {"approved": 3}
