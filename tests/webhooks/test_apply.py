"""Applying each family of events to the mirror (the apply function called directly)."""

from __future__ import annotations

import pytest

from apps.jobs.models import Job
from apps.meetings.models import Meeting
from apps.registrants.models import Registrant
from apps.users.models import ZoomUser
from apps.webhooks.apply import apply
from apps.webhooks.models import WebhookEvent
from apps.zoom.client import ZoomClient

pytestmark = pytest.mark.django_db(transaction=True)  # the mirror's detail fetch uses threads


def event_of(account, event_type: str, obj: dict) -> WebhookEvent:
    return WebhookEvent.objects.create(account=account, event_type=event_type, event_ts=1_790_000_000_000,
                                       dedupe_key=f"{event_type}:{WebhookEvent.objects.count()}",
                                       payload={"account_id": account.zoom_account_id, "object": obj})


def meeting_with_registration(client: ZoomClient) -> dict:
    return client.call("POST", "/users/{userId}/meetings", userId="me", json={
        "topic": "Onboarding", "type": 2, "start_time": "2027-02-01T10:00:00Z", "duration": 30,
        "settings": {"approval_type": 1, "registration_type": 1}})


def test_a_registration_of_a_mirrored_meeting_adds_the_registrant(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    meeting = meeting_with_registration(client)
    assert apply(event_of(account, "meeting.created", {"id": meeting["id"]}))[0] == "applied"
    added = client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                        json={"email": "Ada@Example.com", "first_name": "Ada", "last_name": "L"})
    registrant = {"id": added["registrant_id"], "email": "ada@example.com", "first_name": "Ada", "last_name": "L",
                  "status": "pending"}
    event = event_of(account, "meeting.registration_created", {"id": meeting["id"], "registrant": registrant})
    assert apply(event) == ("applied", "")
    row = Registrant.objects.get(meeting__zoom_id=meeting["id"])
    assert (row.email, row.status, row.zoom_id) == ("ada@example.com", "pending", added["registrant_id"])
    assert row.registered_at is not None

    short = {k: registrant[k] for k in ("id", "email", "first_name", "last_name")}
    apply(event_of(account, "meeting.registration_approved", {"id": meeting["id"], "registrant": short}))
    assert Registrant.objects.get(pk=row.pk).status == "approved"
    apply(event_of(account, "meeting.registration_cancelled", {"id": meeting["id"], "registrant": short}))
    assert Registrant.objects.get(pk=row.pk).status == "denied"
    apply(event_of(account, "meeting.registration_approved", {"id": meeting["id"], "registrant": short}))
    apply(event_of(account, "meeting.registration_denied", {"id": meeting["id"], "registrant": short}))
    assert Registrant.objects.get(pk=row.pk).status == "denied"
    assert Registrant.objects.count() == 1


def test_a_registration_of_an_unknown_meeting_refreshes_the_meeting_and_its_registrants(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    meeting = meeting_with_registration(client)
    added = client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                        json={"email": "bo@example.com", "first_name": "Bo"})
    registrant = {"id": added["registrant_id"], "email": "bo@example.com", "first_name": "Bo", "status": "pending"}
    status, note = apply(event_of(account, "meeting.registration_created",
                                  {"id": meeting["id"], "registrant": registrant}))
    assert status == "applied" and "refreshed" in note
    assert Meeting.objects.get(account=account, zoom_id=meeting["id"]).topic == "Onboarding"
    assert Registrant.objects.get(meeting__zoom_id=meeting["id"]).email == "bo@example.com"
    assert Job.objects.filter(kind="sync.registrants", key=f"meeting:{meeting['id']}").exists()


def test_applying_the_same_event_twice_changes_nothing_more(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    meeting = meeting_with_registration(client)
    obj = {"id": meeting["id"], "registrant": {"id": "r-1", "email": "cy@example.com", "first_name": "Cy",
                                               "status": "approved"}}
    event = event_of(account, "meeting.registration_created", obj)
    apply(event)
    apply(event)
    assert Registrant.objects.filter(meeting__zoom_id=meeting["id"]).count() == 1


def test_meeting_created_updated_and_deleted_follow_zoom(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    meeting = meeting_with_registration(client)
    apply(event_of(account, "meeting.created", {"id": meeting["id"]}))
    assert Meeting.objects.get(account=account, zoom_id=meeting["id"]).detailed
    client.call("PATCH", "/meetings/{meetingId}", meetingId=meeting["id"], json={"topic": "Renamed"})
    apply(event_of(account, "meeting.updated", {"id": meeting["id"], "topic": "Renamed"}))
    assert Meeting.objects.get(account=account, zoom_id=meeting["id"]).topic == "Renamed"
    apply(event_of(account, "meeting.deleted", {"id": meeting["id"]}))
    assert not Meeting.objects.filter(account=account, zoom_id=meeting["id"]).exists()


def test_an_update_of_a_meeting_gone_at_zoom_removes_it_here(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    meeting = meeting_with_registration(client)
    apply(event_of(account, "meeting.created", {"id": meeting["id"]}))
    client.call("DELETE", "/meetings/{meetingId}", meetingId=meeting["id"])
    apply(event_of(account, "meeting.updated", {"id": meeting["id"]}))
    assert not Meeting.objects.filter(account=account, zoom_id=meeting["id"]).exists()


def test_webinar_events_refresh_the_webinar(connect):
    from apps.webinars.models import Webinar

    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    webinar = client.call("POST", "/users/{userId}/webinars", userId="me", json={
        "topic": "Launch", "type": 5, "start_time": "2027-03-01T10:00:00Z", "duration": 60})
    apply(event_of(account, "webinar.created", {"id": webinar["id"]}))
    assert Webinar.objects.get(account=account, zoom_id=webinar["id"]).topic == "Launch"
    apply(event_of(account, "webinar.deleted", {"id": webinar["id"]}))
    assert not Webinar.objects.filter(account=account, zoom_id=webinar["id"]).exists()


def test_user_events_refresh_or_remove_the_user(connect):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    created = client.call("POST", "/users", json={"action": "custCreate", "user_info": {
        "email": "new.hire@northwind.example", "type": 1, "first_name": "New", "last_name": "Hire"}})
    apply(event_of(account, "user.created", {"id": created["id"], "email": "new.hire@northwind.example"}))
    assert ZoomUser.objects.get(account=account, zoom_id=created["id"]).status == "active"
    client.call("PUT", "/users/{userId}/status", userId=created["id"], json={"action": "deactivate"})
    apply(event_of(account, "user.deactivated", {"id": created["id"]}))
    assert ZoomUser.objects.get(account=account, zoom_id=created["id"]).status == "inactive"
    client.call("PATCH", "/users/{userId}", userId=created["id"], json={"dept": "Logistics"})
    apply(event_of(account, "user.updated", {"id": created["id"], "dept": "Logistics"}))
    assert ZoomUser.objects.get(account=account, zoom_id=created["id"]).dept == "Logistics"
    apply(event_of(account, "user.deleted", {"id": created["id"]}))
    assert not ZoomUser.objects.filter(account=account, zoom_id=created["id"]).exists()


def test_an_event_type_the_dashboard_does_not_use_is_ignored(account, zoom_seam):
    assert apply(event_of(account, "meeting.started", {"id": 1}))[0] == "ignored"
    assert zoom_seam.untouched


def test_a_rule_decides_a_registrant_delivered_by_webhook(connect):
    from apps.accounts.models import AuditEvent
    from apps.registrants.models import Rule

    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    Rule.objects.create(account=account, name="partners", kind="allow_domains", domains="partner.example")
    meeting = meeting_with_registration(client)
    apply(event_of(account, "meeting.created", {"id": meeting["id"]}))
    added = client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                        json={"email": "lin@partner.example", "first_name": "Lin"})
    registrant = {"id": added["registrant_id"], "email": "lin@partner.example", "first_name": "Lin",
                  "status": "pending"}
    status, note = apply(event_of(account, "meeting.registration_created",
                                  {"id": meeting["id"], "registrant": registrant}))
    assert status == "applied" and "partners" in note
    assert Registrant.objects.get(zoom_id=added["registrant_id"]).status == "approved"
    approved = client.paginate("/meetings/{meetingId}/registrants", "registrants", params={"status": "approved"},
                               meetingId=meeting["id"])
    assert [r["email"] for r in approved] == ["lin@partner.example"]
    assert AuditEvent.objects.filter(actor_label="rule: partners", result="ok").count() == 1
