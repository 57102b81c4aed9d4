from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


class ZoomCallStat(models.Model):
    """Zoom calls made per account, label and UTC day (shown on Settings)."""

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="call_stats")
    day = models.DateField()
    label = models.CharField(max_length=32)
    calls = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(default=0, help_text="Answered 429 by Zoom")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "day", "label"], name="one_stat_per_day_label")]
        ordering = ["-day", "label"]

    def __str__(self) -> str:
        return f"{self.label} calls of account {self.account_id} on {self.day}"


def count_call(account_id: int, label: str, *, throttled: bool = False) -> None:
    day = timezone.now().date()
    changes = {"calls": F("calls") + 1}
    if throttled:
        changes["throttled"] = F("throttled") + 1
    stats = ZoomCallStat.objects.filter(account_id=account_id, day=day, label=label)
    if stats.update(**changes):
        return
    try:
        with transaction.atomic():
            ZoomCallStat.objects.create(account_id=account_id, day=day, label=label, calls=1, throttled=int(throttled))
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
