"""End to end: a registration made at the sandbox reaches the mirror through the webhook
alone (no sync runs): sandbox → signed POST → live server → stored → real worker → mirror."""

from __future__ import annotations

import pytest

from apps.jobs.models import Job
from apps.registrants.models import Registrant
from apps.webhooks.models import WebhookEvent
from apps.zoom.client import ZoomClient
from tests.conftest import wait_for

from .conftest import SECRET


@pytest.mark.django_db(transaction=True)
def test_a_registration_made_at_zoom_appears_in_the_mirror_through_the_webhook_alone(
    connect, zoom, live_server, celery_worker_process
):
    conn = connect()
    # The secret travels on the app row, so the live server (and any process) sees it.
    app = conn.zoom_oauth_app
    app.webhook_secret_token = SECRET
    app.save(update_fields=["webhook_secret_token"])
    zoom.set_webhooks(True, live_server.url + "/webhooks/zoom/", SECRET)
    try:
        client = ZoomClient(conn)
        meeting = client.call("POST", "/users/{userId}/meetings", userId="me", json={
            "topic": "Customer onboarding", "type": 2, "start_time": "2027-02-01T10:00:00Z", "duration": 30,
            "settings": {"approval_type": 1, "registration_type": 1}})
        client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                    json={"email": "grace@partner.example", "first_name": "Grace", "last_name": "Hopper"})

        row = wait_for(lambda: Registrant.objects.filter(email="grace@partner.example").first(), timeout=60)
        assert row.status == "pending" and row.meeting.zoom_id == meeting["id"]
        assert row.account_id == conn.account_id
        wait_for(lambda: WebhookEvent.objects.filter(event_type="meeting.registration_created",
                                                     status="applied").exists())

        # A burst of people registering, at 20 a second: every one arrives, pending.
        zoom.simulate_registrations(meeting["id"], count=10, per_second=20)
        wait_for(lambda: Registrant.objects.filter(meeting__zoom_id=meeting["id"], status="pending").count() == 11,
                 timeout=60)
        # No periodic or full sync ran: only webhook-driven refreshes of this one meeting.
        assert not Job.objects.filter(kind__in=["sync.users", "sync.meetings", "sync.webinars"]).exists()
        assert not WebhookEvent.objects.filter(status="failed").exists()
    finally:
        zoom.set_webhooks(False)
