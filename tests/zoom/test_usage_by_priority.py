"""Settings shows the day's Zoom calls per kind of work (the priority each call was made with)."""

from __future__ import annotations

import pytest

from apps.zoom.client import ZoomClient
from apps.zoom.models import ZoomCallStat, count_call
from apps.zoom.priority import priority

pytestmark = pytest.mark.django_db


def test_settings_shows_the_days_calls_per_kind_of_work(zoom, connected_northwind, settings) -> None:
    settings.ZOOM_DAILY_RESERVE = 0.25
    northwind = connected_northwind
    with priority("background"):
        synced = ZoomClient(northwind.connection)  # a client made in background work keeps its priority
    synced.get_me()
    synced.get_me()
    ZoomClient(northwind.connection, priority="job").get_me()
    northwind.zoom.get_me()  # a page's call
    count_call(northwind.account.pk, "Heavy", priority="background")
    assert ZoomCallStat.objects.filter(account=northwind.account, label="Light", priority="background").get().calls == 2

    page = northwind.web().get("/settings/")
    assert page.status_code == 200
    usage = {row["priority"]: row for row in page.context["usage_by_priority"]}
    assert [row["priority"] for row in page.context["usage_by_priority"]] == ["interactive", "job", "background"]
    assert usage["background"]["today"] == 3 and usage["background"]["daily"] == 1
    assert usage["job"]["today"] == 1 and usage["job"]["daily"] == 0
    assert usage["interactive"]["today"] >= 1  # connecting made calls of its own
    labels = {row["label"]: row for row in page.context["usage"]}
    assert labels["Heavy"]["today"] == 1  # the per-label counts add the priorities up
    html = page.content.decode()
    assert 'data-testid="api-usage-by-priority"' in html and "last 25% of the daily cap" in html
