"""The inbox page: filters in the URL, paging, select-all, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.jobs.models import Job
from apps.meetings.models import Meeting
from apps.registrants.models import Registrant
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def mirror(account, count: int, *, domain: str = "example.com", status: str = "pending", topic: str = "Demo",
           zoom_id: int = 1000):
    meeting, _ = Meeting.objects.get_or_create(account=account, zoom_id=zoom_id, defaults={
        "topic": topic, "type": 2, "settings": {"approval_type": 1}, "synced_at": timezone.now()})
    now = timezone.now()
    Registrant.objects.bulk_create([Registrant(
        account=account, meeting=meeting, zoom_id=f"{zoom_id}-{domain}-{status}-{i}", email=f"p{i}@{domain}",
        first_name=f"Person{i}", last_name="Doe", status=status, synced_at=now,
        registered_at=now - dt.timedelta(minutes=i), custom_questions=[{"title": "Company", "value": f"Acme {i}"}],
    ) for i in range(count)])
    return meeting


def test_it_lists_pending_registrants_newest_first_fifty_per_page(account, approver):
    mirror(account, 60)
    response = client_for(approver).get("/registrants/")
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert len(rows) == 50 and rows[0].email == "p0@example.com"
    assert response.context["page"].has_next
    assert len(list(client_for(approver).get("/registrants/", {"page": 2}).context["page"])) == 10
    assert b'title="Pending registrants">60<' in response.content


def test_filters_live_in_the_url_and_htmx_gets_only_the_table(account, viewer):
    mirror(account, 3, domain="a.example")
    mirror(account, 4, domain="b.example")
    client = client_for(viewer)
    response = client.get("/registrants/", {"domain": "b.example"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content
    assert {r.email.split("@")[1] for r in response.context["page"]} == {"b.example"}
    assert client.get("/registrants/count/", {"q": "person2"}).content == b"2"
    assert client.get("/registrants/count/", {"answer": "acme 2"}).content == b"2"
    assert len(list(client.get("/registrants/", {"q": "person2"}).context["page"])) == 2


def test_a_bad_filter_value_says_so_and_lists_nothing(account, admin):
    mirror(account, 3)
    response = client_for(admin).get("/registrants/", {"registered_from": "yesterday", "event": "bogus"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert b"Enter a valid date" in response.content and b"Pick an event from the list" in response.content


def test_select_all_across_pages_takes_exactly_the_filtered_set(account, approver, monkeypatch):
    mirror(account, 120, domain="wanted.example")
    mirror(account, 30, domain="other.example", zoom_id=2000)
    mirror(account, 10, domain="wanted.example", status="approved", zoom_id=3000)
    client = client_for(approver)
    preview = client.post("/registrants/decide/", {"action": "approve", "scope": "all",
                                                  "filter": "status=pending&domain=wanted.example"})
    assert preview.status_code == 200 and preview.context["count"] == 120  # shown before confirming
    assert not Job.objects.exists()
    response = client.post("/registrants/decide/", {"action": "approve", "scope": "all", "confirm": "120",
                                                   "filter": "status=pending&domain=wanted.example"})
    job = Job.objects.get(kind="registrants.decide")
    assert response.status_code == 302 and response["Location"].startswith(f"/registrants/decisions/{job.pk}/")
    wanted = set(Registrant.objects.filter(email__endswith="@wanted.example", status="pending")
                 .values_list("pk", flat=True))
    assert set(job.params["ids"]) == wanted and len(wanted) == 120


def test_invalid_decisions_change_nothing(account, approver):
    mirror(account, 3)
    client = client_for(approver)
    for data in ({"action": "delete", "ids": ["1"]}, {"action": "approve"}, {"action": "approve", "ids": ["x"]},
                 {"action": "approve", "scope": "all", "filter": "registered_from=nope"}):
        response = client.post("/registrants/decide/", data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"]), data
    assert not Job.objects.exists()


def test_a_viewer_reads_the_inbox_but_cannot_decide(account, viewer):
    mirror(account, 3)
    client = client_for(viewer)
    page = client.get("/registrants/")
    assert page.status_code == 200 and b'name="ids"' not in page.content and b'value="approve"' not in page.content
    ids = list(Registrant.objects.values_list("pk", flat=True))
    assert client.post("/registrants/decide/", {"action": "approve", "ids": ids}).status_code == 403
    assert not Job.objects.exists()


def test_an_approver_decides_but_cannot_reach_the_rules_or_add_pages(account, approver):
    mirror(account, 1)
    client = client_for(approver)
    assert b'name="ids"' in client.get("/registrants/").content
    for url in ("/registrants/rules/", "/registrants/rules/new/", "/registrants/add/", "/registrants/import/"):
        assert client.get(url).status_code == 403, url


def test_an_outsider_cannot_see_or_decide_another_accounts_registrants(account, outsider, other_account):
    mirror(account, 3)
    job = Job.objects.create(account=account, kind="registrants.decide", key="k", status="succeeded")
    client = client_for(outsider)
    assert list(client.get("/registrants/").context["page"]) == []
    assert client.get(f"/registrants/decisions/{job.pk}/").status_code == 404
    ids = list(Registrant.objects.values_list("pk", flat=True))
    response = client.post("/registrants/decide/", {"action": "approve", "ids": ids}, follow=True)
    assert b"Select at least one registrant" in response.content


def test_the_export_streams_csv_with_formulas_defused(account, viewer):
    meeting = mirror(account, 1)
    Registrant.objects.filter(meeting=meeting).update(first_name="=HYPERLINK(\"x\")", last_name="+1", org="@x")
    response = client_for(viewer).get("/registrants/export/", {"event": f"meeting:{meeting.zoom_id}"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body and ",'+1," in body and "'@x" in body


def test_an_approver_lands_on_the_inbox(account, approver):
    assert client_for(approver).get("/")["Location"] == "/registrants/"
