"""Webinars on the sandbox, through HTTP: create, registrants (shared code), panelists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from test_sandbox_meetings import admin_headers, no_demo_events, no_rate_limits  # noqa: F401

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]

WEBINAR = {"topic": "Product webinar", "type": 5, "start_time": "2030-06-01T16:00:00Z", "duration": 90,
           "settings": {"approval_type": 1}}


@pytest.fixture
def auth(client: Client, zoom: dict) -> dict[str, str]:
    no_demo_events()
    return admin_headers(client)


def webinar(client: Client, auth: dict, body: dict[str, Any] = WEBINAR) -> dict[str, Any]:
    response = client.post("/v2/users/me/webinars", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_webinar_is_created_and_read_back(client: Client, auth: dict) -> None:
    created = webinar(client, auth)
    assert created["type"] == 5 and "/w/" in created["join_url"] and created["uuid"]
    fetched = client.get(f"/v2/webinars/{created['id']}", **auth).json()
    assert fetched["topic"] == "Product webinar" and fetched["settings"]["approval_type"] == 1
    assert "panelists_video" in fetched["settings"]
    listed = client.get("/v2/users/me/webinars", **auth).json()
    assert [w["id"] for w in listed["webinars"]] == [created["id"]]
    assert client.get("/v2/webinars/123", **auth).json() == {"code": 3001, "message": "Webinar does not exist: 123."}


def test_a_meeting_type_is_not_a_webinar_type(client: Client, auth: dict) -> None:
    response = client.post("/v2/users/me/webinars", {**WEBINAR, "type": 2}, content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["code"] == 300


def test_a_recurring_webinar_with_fixed_time_has_occurrences(client: Client, auth: dict) -> None:
    body = {**WEBINAR, "type": 9, "recurrence": {"type": 1, "repeat_interval": 2, "end_times": 3}}
    created = webinar(client, auth, body)
    assert [o["start_time"][:10] for o in created["occurrences"]] == ["2030-06-01", "2030-06-03", "2030-06-05"]


def test_webinar_registrants_share_the_meeting_rules(client: Client, auth: dict) -> None:
    created = webinar(client, auth)
    url = f"/v2/webinars/{created['id']}/registrants"
    added = client.post(url, {"email": "guest@example.org", "first_name": "Gus"}, content_type="application/json",
                        **auth)
    assert added.status_code == 201 and "join_url" not in added.json()
    assert client.get(url, **auth).json()["total_records"] == 0
    assert client.get(url, {"status": "pending"}, **auth).json()["total_records"] == 1
    body = {"action": "approve", "registrants": [{"id": added.json()["registrant_id"]}]}
    assert client.put(url + "/status", body, content_type="application/json", **auth).status_code == 204
    assert client.get(url, **auth).json()["registrants"][0]["email"] == "guest@example.org"
    host = client.post(url, {"email": "admin@northwind.example", "first_name": "Me"},
                       content_type="application/json", **auth)
    assert host.status_code == 400 and host.json()["code"] == 3027


def test_registration_off_on_a_webinar_answers_3000(client: Client, auth: dict) -> None:
    created = webinar(client, auth, {**WEBINAR, "settings": {"approval_type": 2}})
    response = client.post(f"/v2/webinars/{created['id']}/registrants", {"email": "a@example.org", "first_name": "A"},
                           content_type="application/json", **auth)
    assert response.status_code == 400
    assert response.json() == {"code": 3000,
                               "message": f"This webinar does not have registration as required: {created['id']}."}


def test_panelists_are_added_listed_and_removed(client: Client, auth: dict) -> None:
    created = webinar(client, auth)
    url = f"/v2/webinars/{created['id']}/panelists"
    body = {"panelists": [{"name": "Pat Speaker", "email": "pat@speakers.example"},
                          {"name": "Sam Host", "email": "sam@speakers.example"}]}
    added = client.post(url, body, content_type="application/json", **auth)
    assert added.status_code == 201
    assert added.json()["id"] == str(created["id"]) and added.json()["updated_at"].endswith("Z")
    listed = client.get(url, **auth).json()
    assert listed["total_records"] == 2
    assert {p["email"] for p in listed["panelists"]} == {"pat@speakers.example", "sam@speakers.example"}
    assert all(p["join_url"] and p["id"] and p["name"] for p in listed["panelists"])
    first = listed["panelists"][0]["id"]
    assert client.delete(f"{url}/{first}", **auth).status_code == 204
    assert client.get(url, **auth).json()["total_records"] == 1
    assert client.delete(f"{url}/{first}", **auth).status_code == 400
    assert client.delete(url, **auth).status_code == 204
    assert client.get(url, **auth).json() == {"total_records": 0, "panelists": []}
    bad = client.post(url, {"panelists": [{"name": "No mail"}]}, content_type="application/json", **auth)
    assert bad.status_code == 400 and bad.json()["code"] == 300


def test_deleting_a_webinar(client: Client, auth: dict) -> None:
    created = webinar(client, auth)
    assert client.delete(f"/v2/webinars/{created['id']}", **auth).status_code == 204
    assert client.get(f"/v2/webinars/{created['id']}", **auth).status_code == 404
