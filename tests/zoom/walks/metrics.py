"""Live meetings from the dashboards API (the demo account is on a Business plan)."""

from __future__ import annotations

import datetime as dt

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import metrics


def walk(client: ZoomClient) -> None:
    today = dt.datetime.now(dt.UTC).date().isoformat()
    answer = metrics.live_meeting_metrics(client, start=today, end=today)
    assert "meetings" in answer and "total_records" in answer
