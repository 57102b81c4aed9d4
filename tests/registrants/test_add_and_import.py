"""Adding registrants by hand and from a CSV; deciding a few through the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import AuditEvent
from apps.jobs.models import Job
from apps.registrants.models import Registrant
from tests.conftest import run_here
from tests.registrants.conftest import zoom_statuses

pytestmark = pytest.mark.django_db

CSV = (b"email,first_name,last_name\n"
       b"ann@ok.example,Ann,One\n"
       b"not-an-email,Bob,Two\n"
       b"cat@ok.example,,Three\n"
       b"ann@ok.example,Ann,Again\n"
       b"dan@ok.example,Dan,Four\n")


def test_a_csv_with_bad_rows_is_previewed_and_only_valid_rows_are_sent_once_confirmed(northwind, events, zoom,
                                                                                       admin_client):
    first = events[0]
    zoom.reset_calls()
    preview = admin_client.post("/registrants/import/", {"event": f"meeting:{first.zoom_id}",
                                                         "file": SimpleUploadedFile("r.csv", CSV, "text/csv")})
    assert preview.status_code == 200
    rows = preview.context["rows"]
    assert [bool(r.errors) for r in rows] == [False, True, True, True, False]
    assert b"Enter a valid email address" in preview.content and b"appears earlier" in preview.content
    assert not any("batch_registrants" in key for key in zoom.calls())  # nothing sent before confirming

    started = admin_client.post("/registrants/import/", {"confirm": "1", "token": preview.context["token"]})
    job = Job.objects.get(kind="registrants.import")
    assert started.status_code == 302 and started["Location"] == f"/registrants/import/{job.pk}/"
    assert not any("batch_registrants" in key for key in zoom.calls())  # the job sends, not the request
    assert admin_client.get(started["Location"], headers={"HX-Request": "true"}).status_code == 200  # polling
    assert run_here(job.pk) == "succeeded"
    done = admin_client.get(started["Location"], headers={"HX-Request": "true"})
    assert done.status_code == 286  # finished: htmx stops polling
    result = done.context["result"]
    assert result["succeeded"] == 2 and result["failed_count"] == 0
    assert [(r["line"], r["email"], r["ok"]) for r in result["results"]] == [(2, "ann@ok.example", True),
                                                                            (6, "dan@ok.example", True)]
    assert b"ann@ok.example" in done.content and b"2</strong> registered at Zoom" in done.content
    assert sum(n for key, n in zoom.calls().items() if "batch_registrants" in key) == 1
    assert {"ann@ok.example", "dan@ok.example"} <= zoom_statuses(northwind.zoom, first, "pending")
    assert "not-an-email" not in str(zoom_statuses(northwind.zoom, first, "pending"))
    assert AuditEvent.objects.filter(action="registrant.add", result="ok").count() == 2


def test_a_tampered_import_token_sends_nothing(northwind, events, zoom, admin_client):
    zoom.reset_calls()
    response = admin_client.post("/registrants/import/", {"confirm": "1", "token": "forged"}, follow=True)
    assert b"upload the file again" in response.content
    assert not any("batch_registrants" in key for key in zoom.calls())


def test_a_registrant_added_by_hand_is_registered_at_zoom(northwind, events, admin_client):
    first = events[0]
    response = admin_client.post("/registrants/add/", {"event": f"meeting:{first.zoom_id}",
                                                       "email": "Hand@Made.example", "first_name": "Hand",
                                                       "last_name": "Made"})
    assert response.status_code == 302
    assert "hand@made.example" in zoom_statuses(northwind.zoom, first, "pending")


def test_a_few_registrants_are_decided_in_the_request_and_the_inbox_says_so(northwind, events, admin_client):
    ids = list(Registrant.objects.filter(meeting=events[1]).values_list("pk", flat=True))
    response = admin_client.post("/registrants/decide/", {"action": "approve", "ids": ids,
                                                          "filter": "status=pending"}, follow=True)
    assert response.redirect_chain[-1][0] == "/registrants/?status=pending"
    assert b"Approved 5 registrant(s)." in response.content
    assert admin_client.get("/registrants/count/", {"status": "pending"}).content == b"31"
    assert len(zoom_statuses(northwind.zoom, events[1], "approved")) == 5


def test_failures_are_listed_with_reasons_and_a_retry_button(northwind, events, zoom, admin_client, settings):
    settings.ZOOM_RETRY_ATTEMPTS = 1
    second = events[1]
    zoom.add_fault(500, count=5, method="PUT", path=f"/v2/meetings/{second.zoom_id}/registrants/status")
    ids = list(Registrant.objects.filter(meeting=second).values_list("pk", flat=True))
    response = admin_client.post("/registrants/decide/", {"action": "deny", "ids": ids}, follow=True)
    assert b"Zoom confirmed 0 of 5; 5 failed." in response.content and b"Retry failed" in response.content
    job_pk = response.context["job"].pk
    polled = admin_client.get(f"/registrants/decisions/{job_pk}/", headers={"HX-Request": "true"})
    assert polled.status_code == 286  # finished: htmx stops polling
    zoom.clear_faults()
    retried = admin_client.post(f"/registrants/decisions/{job_pk}/retry/", follow=True)
    assert b"Zoom confirmed 5 of 5; 0 failed." in retried.content
    assert Registrant.objects.filter(meeting=second, status="denied").count() == 5
