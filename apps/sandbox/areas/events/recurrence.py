"""Zoom's recurrence rules: validate a ``recurrence`` object and compute its occurrences.

The rules come from the meetings spec (meetingCreate's ``recurrence`` object):

- ``type`` 1 daily, 2 weekly, 3 monthly;
- ``repeat_interval``: at most 99 (daily), 50 (weekly), 10 (monthly); default 1;
- ``weekly_days``: comma-separated "1".."7", 1 = Sunday; required for weekly (default "1");
- ``monthly_day`` 1..31, or ``monthly_week`` (-1, 1..4) with ``monthly_week_day`` (1..7, 1 = Sunday);
- ``end_times`` (default 1, at most 60; 0 means no end) or ``end_date_time`` (UTC), not both.

Occurrences are computed at the meeting's wall-clock time in its timezone (so a weekly
meeting stays at 09:00 local across daylight-saving changes), and never more than 60.
An ``occurrence_id`` is the occurrence's start time in milliseconds since the epoch.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MAX_OCCURRENCES = 60
MAX_INTERVAL = {1: 99, 2: 50, 3: 10}
DAILY, WEEKLY, MONTHLY = 1, 2, 3


class Invalid(Exception):
    """A validation error: Zoom answers 400 with code 300 and a message naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid("timezone", f"Invalid field: timezone. Unknown timezone: {name}.") from exc


def parse_start(value: Any, tz_name: str | None, field: str = "start_time") -> datetime:
    """``2020-03-31T12:02:00Z`` (GMT) or ``2020-03-31T12:02:00`` (local to ``timezone``)."""
    if not isinstance(value, str) or not value:
        raise Invalid(field, f"Invalid field: {field}.")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise Invalid(field, f"Invalid field: {field}.") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone(tz_name))
    return parsed.astimezone(UTC).replace(microsecond=0)


def _int(rec: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = rec.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool):
        raise Invalid(f"recurrence.{name}", f"Invalid field: recurrence.{name}.")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Invalid(f"recurrence.{name}", f"Invalid field: recurrence.{name}.") from exc


def validate(recurrence: Any, tz_name: str | None = "UTC") -> dict[str, Any]:
    """The normalized recurrence object (only the fields that apply), or Invalid."""
    if not isinstance(recurrence, dict):
        raise Invalid("recurrence", "Invalid field: recurrence.")
    kind = _int(recurrence, "type")
    if kind not in (DAILY, WEEKLY, MONTHLY):
        raise Invalid("recurrence.type", "Invalid field: recurrence.type. Allowed values: 1, 2, 3.")
    out: dict[str, Any] = {"type": kind}
    interval = _int(recurrence, "repeat_interval", 1)
    if interval is None or interval < 1 or interval > MAX_INTERVAL[kind]:
        raise Invalid(
            "recurrence.repeat_interval",
            f"Invalid field: recurrence.repeat_interval. The value must be between 1 and {MAX_INTERVAL[kind]}.",
        )
    out["repeat_interval"] = interval
    if kind == WEEKLY:
        raw = recurrence.get("weekly_days", "1")
        days = [part.strip() for part in str(raw).split(",") if part.strip()]
        if not days or any(day not in {"1", "2", "3", "4", "5", "6", "7"} for day in days):
            raise Invalid("recurrence.weekly_days", "Invalid field: recurrence.weekly_days. Use values 1 to 7.")
        out["weekly_days"] = ",".join(sorted(set(days), key=int))
    if kind == MONTHLY:
        day = _int(recurrence, "monthly_day")
        week = _int(recurrence, "monthly_week")
        week_day = _int(recurrence, "monthly_week_day")
        if day is not None:
            if not 1 <= day <= 31:
                raise Invalid("recurrence.monthly_day",
                              "Invalid field: recurrence.monthly_day. Use a value from 1 to 31.")
            out["monthly_day"] = day
        elif week is not None or week_day is not None:
            if week not in (-1, 1, 2, 3, 4):
                raise Invalid("recurrence.monthly_week",
                              "Invalid field: recurrence.monthly_week. Allowed values: -1, 1, 2, 3, 4.")
            if week_day is None or not 1 <= week_day <= 7:
                raise Invalid("recurrence.monthly_week_day",
                              "Invalid field: recurrence.monthly_week_day. Use a value from 1 to 7.")
            out["monthly_week"] = week
            out["monthly_week_day"] = week_day
        else:
            raise Invalid(
                "recurrence.monthly_day",
                "Invalid field: recurrence.monthly_day. A monthly recurrence needs monthly_day, "
                "or monthly_week and monthly_week_day.",
            )
    has_end_date = recurrence.get("end_date_time") not in (None, "")
    if has_end_date and recurrence.get("end_times") not in (None, ""):
        raise Invalid("recurrence.end_times",
                      "Invalid field: recurrence.end_times. end_times cannot be used with end_date_time.")
    if has_end_date:
        end = parse_start(recurrence["end_date_time"], "UTC", "recurrence.end_date_time")
        out["end_date_time"] = end.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        times = _int(recurrence, "end_times", 1)
        if times is None or times < 0 or times > MAX_OCCURRENCES:
            raise Invalid(
                "recurrence.end_times",
                f"Invalid field: recurrence.end_times. The maximum number of recurring is {MAX_OCCURRENCES}.",
            )
        out["end_times"] = times
    return out


def occurrence_id(start: datetime) -> str:
    return str(int(start.astimezone(UTC).timestamp() * 1000))


def _nth_weekday(year: int, month: int, week: int, week_day: int) -> date | None:
    """``week_day`` 1 = Sunday; ``week`` -1 = last."""
    py_weekday = (week_day - 2) % 7  # Python: Monday = 0
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if date(year, month, d).weekday() == py_weekday]
    if week == -1:
        return date(year, month, days[-1])
    return date(year, month, days[week - 1]) if week - 1 < len(days) else None


def _candidate_dates(rec: dict[str, Any], first: date):
    """Dates on or after ``first`` that match the rule, in order (unbounded)."""
    interval = rec["repeat_interval"]
    if rec["type"] == DAILY:
        day = first
        while True:
            yield day
            day += timedelta(days=interval)
    elif rec["type"] == WEEKLY:
        week_days = [int(d) for d in rec["weekly_days"].split(",")]
        sunday = first - timedelta(days=(first.weekday() + 1) % 7)
        while True:
            for wd in week_days:
                day = sunday + timedelta(days=wd - 1)
                if day >= first:
                    yield day
            sunday += timedelta(weeks=interval)
    else:
        year, month = first.year, first.month
        while True:
            if "monthly_day" in rec:
                last = calendar.monthrange(year, month)[1]
                day = date(year, month, rec["monthly_day"]) if rec["monthly_day"] <= last else None
            else:
                day = _nth_weekday(year, month, rec["monthly_week"], rec["monthly_week_day"])
            if day is not None and day >= first:
                yield day
            month += interval
            while month > 12:
                month -= 12
                year += 1


def occurrences(start: datetime, tz_name: str | None, rec: dict[str, Any]) -> list[datetime]:
    """The occurrences' start times (UTC) for a validated recurrence, at most 60."""
    tz = zone(tz_name)
    local = start.astimezone(tz)
    end_times = rec.get("end_times")
    limit = MAX_OCCURRENCES if not end_times else min(end_times, MAX_OCCURRENCES)
    end = None
    if rec.get("end_date_time"):
        end = parse_start(rec["end_date_time"], "UTC")
    result: list[datetime] = []
    for day in _candidate_dates(rec, local.date()):
        moment = datetime.combine(day, local.timetz().replace(tzinfo=None)).replace(tzinfo=tz).astimezone(UTC)
        if end is not None and moment > end:
            break
        result.append(moment)
        if len(result) >= limit:
            break
    return result
