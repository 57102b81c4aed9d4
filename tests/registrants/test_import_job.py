"""The registrant CSV import as a job: a checkpoint after each Zoom write, and a resumed job that
asks Zoom whether the write in flight landed before sending it, so no row is sent twice."""

from __future__ import annotations

import os
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.models import AuditEvent
from apps.jobs import services
from apps.jobs.models import Job
from apps.meetings.models import Meeting
from apps.registrants import imports
from apps.registrants.listing import EventRef
from apps.zoom.endpoints import registrants as zoom_registrants
from apps.zoom.errors import ZoomTemporaryError
from tests.conftest import run_here, start_worker, stop_worker, wait_for
from tests.registrants.conftest import at_zoom, create_event, register, zoom_statuses


def csv_of(emails: list[str]) -> bytes:
    return ("email,first_name,last_name\n" + "".join(f"{e},Guest,{n}\n" for n, e in enumerate(emails))).encode()


def import_through_the_page(client, event, emails: list[str]) -> Job:
    preview = client.post("/registrants/import/", {"event": f"meeting:{event.zoom_id}",
                                                   "file": SimpleUploadedFile("r.csv", csv_of(emails), "text/csv")})
    assert preview.context["valid_count"] == len(emails)
    started = client.post("/registrants/import/", {"confirm": "1", "token": preview.context["token"]})
    job = Job.objects.get(kind=imports.IMPORT_KIND)
    assert started["Location"] == f"/registrants/import/{job.pk}/"
    return job


def batch_calls(zoom) -> int:
    return sum(n for key, n in zoom.calls().items() if "batch_registrants" in key)


@pytest.mark.django_db
def test_a_resumed_import_does_not_send_again_the_batch_its_last_worker_sent(connected_northwind, zoom):
    northwind = connected_northwind
    event = create_event(northwind.zoom, northwind.account, topic="Resumed launch")
    emails = [f"row{n}@import.example" for n in range(35)]
    rows = [imports.Row(line=n + 2, email=e, first_name="Guest", last_name=str(n)) for n, e in enumerate(emails)]
    job = imports.start_import(northwind.account, EventRef("meeting", event.zoom_id), rows, auto_approve=False,
                               user=northwind.admin)
    # The first batch reached Zoom; its worker died before the checkpoint said so.
    register(northwind.zoom, event, emails[:30])
    Job.objects.filter(pk=job.pk).update(attempts=1, checkpoint={"next": 0, "results": []})
    zoom.reset_calls()
    assert services.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert batch_calls(zoom) == 1  # only the second batch, of 5
    assert [r["email"] for r in job.result["results"]] == emails and job.result["succeeded"] == 35
    assert sorted(r["email"] for r in at_zoom(northwind.zoom, event, "pending")) == sorted(emails)
    assert AuditEvent.objects.filter(action="registrant.add", result="ok").count() == 35


@pytest.mark.django_db
def test_a_recurring_event_is_imported_one_row_per_call_with_a_checkpoint_after_each(connected_northwind, zoom):
    northwind = connected_northwind
    data = northwind.zoom.call("POST", "/users/{userId}/meetings", userId="me", json={
        "topic": "Weekly", "type": 8, "start_time": "2027-03-01T15:00:00Z", "duration": 60, "timezone": "UTC",
        "recurrence": {"type": 1, "repeat_interval": 1, "end_times": 3},
        "settings": {"approval_type": 1, "registration_type": 1}})
    Meeting.objects.create(account=northwind.account, zoom_id=data["id"], topic="Weekly", type=8,
                           settings={"approval_type": 1}, synced_at=timezone.now())
    emails = [f"weekly{n}@import.example" for n in range(3)]
    rows = [imports.Row(line=n + 2, email=e, first_name="Guest", last_name=str(n)) for n, e in enumerate(emails)]
    job = imports.start_import(northwind.account, EventRef("meeting", data["id"]), rows, auto_approve=False,
                               user=northwind.admin)
    # Resumed at the second row, which its last worker had sent.
    first = {"line": 2, "email": emails[0], "name": "Guest 0", "ok": True, "message": "Registered.",
             "registrant_id": "r0"}
    zoom_registrants.add_registrant(northwind.zoom, "meeting", data["id"], email=emails[1], first_name="Guest")
    Job.objects.filter(pk=job.pk).update(attempts=1, checkpoint={"next": 1, "results": [first]})
    zoom.reset_calls()
    assert services.run(job.pk) == "succeeded"
    job.refresh_from_db()
    adds = sum(n for key, n in zoom.calls().items() if key.startswith("POST") and key.endswith("/registrants"))
    assert adds == 1 and batch_calls(zoom) == 0  # only the third row, on its own
    assert [r["email"] for r in job.result["results"]] == emails and job.result["succeeded"] == 3
    assert AuditEvent.objects.filter(action="registrant.add", result="ok").count() == 2  # the rows of this run


@pytest.mark.django_db
def test_a_refused_batch_is_reported_per_row_with_zooms_message(connected_northwind, zoom, admin_client, settings):
    northwind = connected_northwind
    settings.ZOOM_RETRY_ATTEMPTS = 1
    event = create_event(northwind.zoom, northwind.account, topic="Faulty launch")
    job = import_through_the_page(admin_client, event, ["a@import.example", "b@import.example"])
    # Zoom refuses (not a passing failure): the meeting was deleted at Zoom after the preview.
    northwind.zoom.call("DELETE", "/meetings/{meetingId}", meetingId=event.zoom_id)
    assert run_here(job.pk) == "succeeded"
    page = admin_client.get(f"/registrants/import/{job.pk}/")
    result = page.context["result"]
    assert result["failed_count"] == 2 and not any(r["ok"] for r in result["results"])
    assert all(r["message"] and r["zoom_status"] == 404 for r in result["results"])
    assert b"refused" in page.content and b"0</strong> registered at Zoom" in page.content
    assert AuditEvent.objects.filter(action="registrant.add", result="failed").count() == 2


def test_a_batch_whose_answer_was_lost_is_tried_again_by_the_job_and_not_sent_twice(
    connected_northwind, zoom, admin_client, settings
):
    """Zoom applied the batch, then the answer was lost (a 5xx after the write): not a refusal.
    The job goes back to the queue, and its next attempt finds the rows at Zoom instead of
    sending them again."""
    northwind = connected_northwind
    settings.ZOOM_RETRY_ATTEMPTS = 1
    event = create_event(northwind.zoom, northwind.account, topic="Lost answer launch")
    zoom.add_fault(500, count=1, method="POST", after_write=True,
                   path=f"/v2/meetings/{event.zoom_id}/batch_registrants")
    job = import_through_the_page(admin_client, event, ["a@import.example", "b@import.example"])
    with pytest.raises(ZoomTemporaryError):
        run_here(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert run_here(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.result["failed_count"] == 0 and job.result["succeeded"] == 2
    assert batch_calls(zoom) == 1  # the resumed attempt asked Zoom instead of sending again
    assert zoom_statuses(northwind.zoom, event, "pending") | zoom_statuses(northwind.zoom, event, "approved") >= {
        "a@import.example", "b@import.example"}
    assert AuditEvent.objects.filter(action="registrant.add", result="ok").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_was_killed_resumes_and_sends_no_row_twice(
    connected_northwind, zoom, isolated_broker, own_queue, tmp_path, settings
):
    northwind = connected_northwind
    event = create_event(northwind.zoom, northwind.account, topic="Killed launch")
    emails = [f"row{n}@import.example" for n in range(450)]  # 15 batches of 30
    zoom.reset_calls()
    zoom.set_latency(700)  # slow calls, so that the kill lands in the middle of the import
    first = start_worker(zoom, tmp_path / "first.log", queues=own_queue)
    try:
        job = import_through_the_page(northwind.web(), event, emails)

        def one_batch_written():
            job.refresh_from_db()
            return job.status == Job.Status.RUNNING and job.done > 0

        wait_for(one_batch_written, timeout=60)
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and 0 < job.done < 450  # left behind, mid-way
    zoom.set_latency(0)

    settings.JOB_STALE_AFTER = 1
    wait_for(lambda: services.requeue_stale() == [job.pk], timeout=10)
    second = start_worker(zoom, tmp_path / "second.log", queues=own_queue)
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.SUCCEEDED, timeout=90)
    finally:
        stop_worker(second)
    job.refresh_from_db()
    assert job.attempts == 2
    assert batch_calls(zoom) == 15  # no batch sent twice
    registered = [r["email"] for r in at_zoom(northwind.zoom, event, "pending")]
    assert sorted(registered) == sorted(emails)  # each email registered exactly once
    results = job.result["results"]
    assert [r["line"] for r in results] == list(range(2, 452)) and all(r["ok"] for r in results)
    assert AuditEvent.objects.filter(action="registrant.add", result="ok").count() == 450
