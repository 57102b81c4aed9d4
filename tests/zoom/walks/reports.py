"""The reports that answer at once: daily usage, cloud recording, and a past meeting's and
webinar's details, polls and Q&A (found through the paginated history report)."""

from __future__ import annotations

import datetime as dt

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import KINDS, event_path, reports


def walk(client: ZoomClient) -> None:
    today = dt.datetime.now(dt.UTC).date()
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    daily = reports.get_report(client, reports.DAILY, params={"year": last_month.year, "month": last_month.month})
    assert daily[reports.DAILY.key]
    yesterday = today - dt.timedelta(days=1)
    storage = reports.get_report(client, reports.CLOUD_RECORDING, params={
        "from": (yesterday - dt.timedelta(days=29)).isoformat(), "to": yesterday.isoformat()})
    assert storage[reports.CLOUD_RECORDING.key]
    window = {"from": last_month.isoformat(), "to": last_month_end.isoformat()}
    history, _ = next(client.pages(reports.HISTORY_MEETINGS.path, reports.HISTORY_MEETINGS.key, params=window))
    for kind in KINDS:
        past = next(e for e in history if e["type"].lower() == kind)
        ids = {event_path(kind)[1]: past["meeting_id"]}
        details = reports.get_report(client, reports.EVENT_REPORTS[kind]["details"], **ids)
        assert details["topic"] == past["topic"]
        for name in ("polls", "qa"):
            report = reports.EVENT_REPORTS[kind][name]
            assert report.key in reports.get_report(client, report, **ids)
