from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


class ZoomCallStat(models.Model):
    """Zoom calls made per account, label, priority and UTC day (shown on Settings)."""

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="call_stats")
    day = models.DateField()
    label = models.CharField(max_length=32)
    priority = models.CharField(max_length=16, default="interactive", help_text="Whose call: see priority.py")
    calls = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(default=0, help_text="Answered 429 by Zoom")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "day", "label", "priority"], name="one_stat_per_day_label_priority"
            )
        ]
        ordering = ["-day", "label", "priority"]

    def __str__(self) -> str:
        return f"{self.label} calls of account {self.account_id} on {self.day}"


def count_call(account_id: int, label: str, *, throttled: bool = False, priority: str = "interactive") -> None:
    day = timezone.now().date()
    changes = {"calls": F("calls") + 1}
    if throttled:
        changes["throttled"] = F("throttled") + 1
    stats = ZoomCallStat.objects.filter(account_id=account_id, day=day, label=label, priority=priority)
    if stats.update(**changes):
        return
    try:
        with transaction.atomic():
            ZoomCallStat.objects.create(account_id=account_id, day=day, label=label, priority=priority, calls=1,
                                        throttled=int(throttled))
    except IntegrityError:
        stats.update(**changes)


def usage_by_label(account_id: int, days: int = 7) -> list[dict]:
    """Calls per label today and over the last ``days`` days, for the Settings page."""
    from django.db.models import Q, Sum

    from .operations import LABELS

    today = timezone.now().date()
    since = today - datetime.timedelta(days=days - 1)
    rows = (
        ZoomCallStat.objects.filter(account_id=account_id, day__gte=since)
        .values("label")
        .annotate(
            today=Sum("calls", filter=Q(day=today), default=0),
            week=Sum("calls", default=0),
            throttled=Sum("throttled", default=0),
        )
    )
    found = {row["label"]: row for row in rows}
    return [found.get(label, {"label": label, "today": 0, "week": 0, "throttled": 0}) for label in LABELS]


def usage_by_priority(account_id: int) -> list[dict]:
    """Today's calls per priority (whose work they were), and how many of them count against
    the daily Heavy/Resource-intensive cap, for the Settings page."""
    from django.db.models import Q, Sum

    from .budget import DAILY_LABELS
    from .priority import PRIORITIES

    rows = (
        ZoomCallStat.objects.filter(account_id=account_id, day=timezone.now().date())
        .values("priority")
        .annotate(today=Sum("calls", default=0), daily=Sum("calls", filter=Q(label__in=DAILY_LABELS), default=0))
    )
    found = {row["priority"]: row for row in rows}
    return [
        {"priority": name, "name": PRIORITY_NAMES[name], "today": 0, "daily": 0,
         **{k: v for k, v in found.get(name, {}).items() if k in ("today", "daily")}}
        for name in PRIORITIES
    ]


PRIORITY_NAMES = {
    "interactive": "Pages (a person waiting)",
    "job": "Jobs people started",
    "background": "Background (syncs, backfills, refreshes)",
}
