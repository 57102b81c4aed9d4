"""Decisions reach Zoom in batches of 30 per event and the mirror follows what Zoom shows."""

from __future__ import annotations

import pytest

from apps.accounts.models import AuditEvent
from apps.jobs import services
from apps.registrants.decide import NOT_APPLIED, decide, start_decision
from apps.registrants.models import Registrant
from tests.registrants.conftest import zoom_statuses

pytestmark = pytest.mark.django_db

STATUS_CALL = "PUT /v2/meetings/{meetingId}/registrants/status"


def status_calls(zoom) -> int:
    return sum(n for key, n in zoom.calls().items() if key.startswith("PUT ") and key.endswith("/registrants/status"))


def test_31_registrants_of_one_event_take_exactly_two_status_calls(northwind, events, zoom):
    first = events[0]
    ids = list(Registrant.objects.filter(meeting=first).values_list("pk", flat=True))
    zoom.reset_calls()
    result = decide(northwind.account, ids, "approve")
    assert status_calls(zoom) == 2
    # The sandbox ignores a singular key: every one approved proves the plural list was sent.
    assert result["decided"] == 31 and result["failed"] == []
    assert len(zoom_statuses(northwind.zoom, first, "approved")) == 31
    assert set(Registrant.objects.filter(meeting=first).values_list("status", flat=True)) == {"approved"}


def test_a_refused_event_fails_alone_and_its_registrants_can_be_retried(northwind, events, zoom, settings):
    settings.ZOOM_RETRY_ATTEMPTS = 1
    first, second = events
    zoom.add_fault(500, count=10, method="PUT", path=f"/v2/meetings/{first.zoom_id}/registrants/status")
    ids = list(Registrant.objects.filter(account=northwind.account).values_list("pk", flat=True))
    job = start_decision(northwind.account, ids, "deny")  # 36: runs as a job; run it here as a worker would
    services.run(job.pk)
    job.refresh_from_db()
    assert job.result["decided"] == 5 and job.result["failed_count"] == 31
    assert {f["email"] for f in job.result["failed"]} == {f"guest{i}@partner.example" for i in range(31)}
    assert all(f["message"] and f["zoom_status"] == 500 for f in job.result["failed"])
    assert Registrant.objects.filter(meeting=first, status="pending").count() == 31
    assert Registrant.objects.filter(meeting=second, status="denied").count() == 5
    assert AuditEvent.objects.filter(action="registrant.deny", result="failed").count() == 31
    assert AuditEvent.objects.filter(action="registrant.deny", result="ok").count() == 5

    zoom.clear_faults()
    retry = start_decision(northwind.account, [f["id"] for f in job.result["failed"]], "deny")
    services.run(retry.pk)
    retry.refresh_from_db()
    assert retry.result["decided"] == 31 and retry.result["failed"] == []
    assert Registrant.objects.filter(meeting=first, status="denied").count() == 31


def test_a_decision_zoom_does_not_apply_is_not_recorded_as_decided(northwind, events):
    second = events[1]
    ids = list(Registrant.objects.filter(meeting=second).values_list("pk", flat=True))
    result = decide(northwind.account, ids, "cancel")  # cancel applies to approved registrations only
    assert result["decided"] == 0
    assert {f["message"] for f in result["failed"]} == {NOT_APPLIED}
    assert Registrant.objects.filter(meeting=second, status="pending").count() == 5


def test_a_killed_decision_job_resumes_without_resending_done_batches(northwind, events, zoom):
    first = events[0]
    ids = list(Registrant.objects.filter(meeting=first).values_list("pk", flat=True))
    job = start_decision(northwind.account, ids, "approve")
    # As if a worker sent the first batch, saved its checkpoint and died.
    job.checkpoint = {"event": 0, "batch": 1, "refused": {}, "failed": [], "decided": 0, "done": 30}
    job.save()
    batch = sorted(Registrant.objects.filter(meeting=first), key=lambda r: r.pk)[:30]
    northwind.zoom.call("PUT", "/meetings/{meetingId}/registrants/status", meetingId=first.zoom_id, json={
        "action": "approve", "registrants": [{"id": r.zoom_id, "email": r.email} for r in batch]})
    zoom.reset_calls()
    services.run(job.pk)
    job.refresh_from_db()
    assert status_calls(zoom) == 1
    assert job.result["decided"] == 31 and job.done == 31
