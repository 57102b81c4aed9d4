"""The overview's charts: the last 30 days from the daily report, and live meetings from
/metrics. A periodic job fetches them into Snapshot rows; page views only read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from apps.jobs import services as jobs
from apps.jobs.services import Progress, handler
from apps.zoom.connections import client_for
from apps.zoom.endpoints import metrics as zoom_metrics
from apps.zoom.errors import ZoomRefused

from . import charts
from .models import Snapshot
from .runner import Fetch, fetch_window, forget_older, own_window, past_window
from .types import TYPES
from .windows import month_end, zoom_today

KIND = "report.overview"
FRESH_FOR = dt.timedelta(hours=1)
DAYS = 30
PLAN_MESSAGE = "Live meetings need a Zoom Business plan or higher; this account's plan does not include them."


def refresh_if_stale(account) -> None:
    """Enqueue the refresh when the snapshot is missing or old (one job per account at a time)."""
    if account.active_connection is None:
        return
    snap = Snapshot.objects.filter(account=account, name="usage").first()
    if snap is None or snap.fetched_at < timezone.now() - FRESH_FOR:
        jobs.enqueue(KIND, account, key="overview")


@handler(KIND)
def refresh(progress: Progress) -> dict[str, Any]:
    account = progress.job.account
    client = client_for(account)
    today = zoom_today(timezone.now())
    first = today - dt.timedelta(days=DAYS)
    rtype = TYPES["daily"]
    days: dict[str, dict[str, Any]] = {}
    months = sorted({first.replace(day=1), today.replace(day=1)})
    for month in months:
        stored = past_window(account, rtype, "", _window(month))
        if stored is None:
            stored = own_window(progress.job, rtype, "", _window(month))
            fetch_window(client, Fetch(progress, 1), rtype, {}, stored, 0)
            forget_older(stored)
        for row in stored.rows:
            if first.isoformat() <= row.get("date", "") < today.isoformat():
                days[row["date"]] = row
    usage = [days[k] for k in sorted(days)]
    Snapshot.objects.update_or_create(account=account, name="usage",
                                      defaults={"data": {"days": usage}, "error": "", "fetched_at": timezone.now()})
    live: dict[str, Any] = {}
    error = ""
    try:
        answer = zoom_metrics.live_meeting_metrics(client, start=today.isoformat(), end=today.isoformat())
        live = {"count": answer.get("total_records", len(answer.get("meetings") or [])),
                "meetings": (answer.get("meetings") or [])[:10]}
    except ZoomRefused as exc:
        error = PLAN_MESSAGE if str(exc.code) == "200" else exc.message
    Snapshot.objects.update_or_create(account=account, name="live",
                                      defaults={"data": live, "error": error, "fetched_at": timezone.now()})
    return {"days": len(usage)}


def _window(month: dt.date):
    from .windows import Window

    return Window(month, month_end(month))


def context(account) -> dict[str, Any]:
    snaps = {s.name: s for s in Snapshot.objects.filter(account=account)}
    usage, live = snaps.get("usage"), snaps.get("live")
    days = (usage.data.get("days") if usage else None) or []
    return {
        "usage_snapshot": usage,
        "live_snapshot": live,
        "usage_charts": [chart for chart in (
            charts.bar_chart(days, "date", "meetings", title="Meetings per day"),
            charts.bar_chart(days, "date", "participants", title="Participants per day"),
            charts.bar_chart(days, "date", "meeting_minutes", title="Meeting minutes per day"),
        ) if chart],
        "usage_totals": {k: sum(int(d.get(k) or 0) for d in days)
                         for k in ("meetings", "participants", "meeting_minutes")},
    }
