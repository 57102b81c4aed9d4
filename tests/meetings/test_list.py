"""The meetings table reads the mirror: upcoming/past/all, host and type filters, search, sort, paging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.meetings.models import Meeting
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(account):
    now = timezone.now()
    rows = [Meeting(account=account, zoom_id=1000 + i, topic=f"Topic {i:03}", type=2, host_zoom_id=f"h{i % 2}",
                    start_time=now + dt.timedelta(days=i - 10), duration=30, synced_at=now,
                    ends_at=now + dt.timedelta(days=i - 10, minutes=30)) for i in range(70)]
    rows.append(Meeting(account=account, zoom_id=5000, topic="Office hours", type=3, synced_at=now))
    return Meeting.objects.bulk_create(rows)


def topics(response) -> list[str]:
    return [row["event"].topic for row in response.context["rows"]]


def matching(web, querystring: str) -> int:
    """The count the table loads after it shows ("61 meetings match.")."""
    response = web.get(f"/meetings/count/?{querystring}")
    assert response.status_code == 200
    return int(response.content.decode().split()[0])


def test_upcoming_is_the_default_and_pages_hold_50(meetings, admin):
    web = client_for(admin)
    response = web.get("/meetings/")
    assert response.status_code == 200 and matching(web, "") == 61
    assert len(topics(response)) == 50 and response.context["page"].has_next
    second = web.get("/meetings/?page=2")
    assert len(topics(second)) == 11 and not second.context["page"].has_next
    assert "Page 2" in second.content.decode() and "Previous" in second.content.decode()
    assert topics(client_for(admin).get("/meetings/?q=office")) == ["Office hours"]  # no fixed time: always upcoming


def test_past_all_host_type_and_search_filter_the_rows(meetings, viewer):
    web = client_for(viewer)
    assert len(topics(web.get("/meetings/?when=past"))) == matching(web, "when=past") == 10
    assert matching(web, "when=all") == 71
    assert topics(web.get("/meetings/?when=all&type=3")) == ["Office hours"] and matching(web, "when=all&type=3") == 1
    assert matching(web, "when=all&host=h1") == 35 and matching(web, "when=all&q=topic 06") == 10
    assert topics(web.get("/meetings/?when=all&q=topic 06")) == [f"Topic {i:03}" for i in range(60, 70)]
    assert topics(web.get("/meetings/?when=past&sort=-start"))[0] == "Topic 009"


def test_htmx_gets_only_the_table(meetings, admin):
    response = client_for(admin).get("/meetings/?when=all&sort=-topic", HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b'id="meetings-table"' in response.content
    assert "HX-Request" in response["Vary"]
    assert topics(response)[0] == "Topic 069"
    # The filter form sends its empty fields too; the address bar gets only what is set.
    form = client_for(admin).get("/meetings/?when=all&host=&type=&q=topic&sort=&page=2", HTTP_HX_REQUEST="true")
    assert form["HX-Push-Url"] == "/meetings/?when=all&q=topic&page=2"


def test_a_bad_filter_lists_nothing_and_says_why(meetings, viewer):
    response = client_for(viewer).get("/meetings/?when=someday")
    assert topics(response) == [] and "Nothing is listed until it is fixed" in response.content.decode()
    assert matching(client_for(viewer), "when=someday") == 0


def test_a_host_not_yet_in_the_cached_choices_still_filters(meetings, viewer):
    assert matching(client_for(viewer), "when=all&host=h0") == 35
    response = client_for(viewer).get("/meetings/?when=all&host=h0")
    assert len(topics(response)) == 35 and '<option value="h0" selected>' in response.content.decode()


def test_the_count_line_says_when_the_mirror_was_synced(meetings, viewer):
    assert "Not synced yet." in client_for(viewer).get("/meetings/count/").content.decode()


def test_another_accounts_meeting_is_a_404(meetings, outsider):
    assert client_for(outsider).get("/meetings/1000/").status_code == 404
