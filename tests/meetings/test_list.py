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


def test_upcoming_is_the_default_and_pages_hold_50(meetings, admin):
    response = client_for(admin).get("/meetings/")
    assert response.status_code == 200 and response.context["page"].paginator.count == 61
    assert len(topics(response)) == 50
    assert topics(client_for(admin).get("/meetings/?q=office")) == ["Office hours"]  # no fixed time: always upcoming


def test_past_all_host_type_and_search_filter_the_rows(meetings, viewer):
    web = client_for(viewer)
    assert web.get("/meetings/?when=past").context["page"].paginator.count == 10
    assert web.get("/meetings/?when=all").context["page"].paginator.count == 71
    assert web.get("/meetings/?when=all&type=3").context["page"].paginator.count == 1
    assert topics(web.get("/meetings/?when=all&q=topic 06")) == [f"Topic {i:03}" for i in range(60, 70)]
    assert topics(web.get("/meetings/?when=past&sort=-start"))[0] == "Topic 009"


def test_htmx_gets_only_the_table(meetings, admin):
    response = client_for(admin).get("/meetings/?when=all&sort=-topic", HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content and b'id="meetings-table"' in response.content
    assert "HX-Request" in response["Vary"]
    assert topics(response)[0] == "Topic 069"


def test_another_accounts_meeting_is_a_404(meetings, outsider):
    assert client_for(outsider).get("/meetings/1000/").status_code == 404
