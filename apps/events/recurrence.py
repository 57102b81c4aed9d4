"""Zoom's recurrence rules, computed locally (no Zoom call): the form's preview and limits.

Meetings and webinars share them (meetingCreate / webinarCreate ``recurrence``):
type 1 daily, 2 weekly, 3 monthly; ``repeat_interval`` at most 99 days, 50 weeks or
10 months; ``weekly_days`` "1".."7" with 1 = Sunday; ``monthly_day`` 1..31, or
``monthly_week`` (-1 last, 1..4) with ``monthly_week_day`` (1 = Sunday); and
``end_times`` (at most 60) or ``end_date_time``. Zoom keeps the wall-clock time in the
meeting's time zone across daylight-saving changes, and never schedules more than 60.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil import rrule

DAILY, WEEKLY, MONTHLY = 1, 2, 3
MAX_INTERVAL = {DAILY: 99, WEEKLY: 50, MONTHLY: 10}
MAX_OCCURRENCES = 60
UNITS = {DAILY: "days", WEEKLY: "weeks", MONTHLY: "months"}
# Zoom's weekday numbers (1 = Sunday) as dateutil weekdays.
WEEKDAYS = {1: rrule.SU, 2: rrule.MO, 3: rrule.TU, 4: rrule.WE, 5: rrule.TH, 6: rrule.FR, 7: rrule.SA}
DAY_NAMES = {1: "Sunday", 2: "Monday", 3: "Tuesday", 4: "Wednesday", 5: "Thursday", 6: "Friday", 7: "Saturday"}


def end_of_day_utc(day: dt.date, tz_name: str) -> dt.datetime:
    """A recurrence that ends "on" a date includes that whole local day."""
    local = dt.datetime.combine(day, dt.time(23, 59), tzinfo=ZoneInfo(tz_name or "UTC"))
    return local.astimezone(dt.UTC)


def occurrences(start: dt.datetime, tz_name: str, recurrence: dict) -> list[dt.datetime]:
    """The occurrences' start times (aware, in ``tz_name``) of a valid recurrence object."""
    tz = ZoneInfo(tz_name or "UTC")
    local = start.astimezone(tz).replace(tzinfo=None)
    kind = recurrence["type"]
    rule_kwargs: dict = {"dtstart": local, "interval": int(recurrence.get("repeat_interval") or 1),
                         "wkst": rrule.SU}
    if kind == DAILY:
        freq = rrule.DAILY
    elif kind == WEEKLY:
        freq = rrule.WEEKLY
        rule_kwargs["byweekday"] = [WEEKDAYS[int(d)] for d in str(recurrence["weekly_days"]).split(",")]
    else:
        freq = rrule.MONTHLY
        if recurrence.get("monthly_day"):
            rule_kwargs["bymonthday"] = int(recurrence["monthly_day"])
        else:
            rule_kwargs["byweekday"] = WEEKDAYS[int(recurrence["monthly_week_day"])](int(recurrence["monthly_week"]))
    end_times = recurrence.get("end_times")
    rule_kwargs["count"] = min(int(end_times), MAX_OCCURRENCES) if end_times else MAX_OCCURRENCES
    until = None
    if recurrence.get("end_date_time"):
        until = dt.datetime.fromisoformat(str(recurrence["end_date_time"]).replace("Z", "+00:00"))
    result = []
    for moment in rrule.rrule(freq, **rule_kwargs):
        aware = moment.replace(tzinfo=tz)
        if until is not None and aware > until:
            break
        result.append(aware)
    return result


def describe(recurrence: dict) -> str:
    """"Every 2 weeks on Monday, Wednesday" and the like, for tables and the meeting page."""
    kind = recurrence.get("type")
    if kind not in UNITS:
        return ""
    interval = int(recurrence.get("repeat_interval") or 1)
    unit = UNITS[kind]
    text = f"Every {unit[:-1]}" if interval == 1 else f"Every {interval} {unit}"
    if kind == WEEKLY and recurrence.get("weekly_days"):
        text += " on " + ", ".join(DAY_NAMES[int(d)] for d in str(recurrence["weekly_days"]).split(","))
    elif kind == MONTHLY and recurrence.get("monthly_day"):
        text += f" on day {recurrence['monthly_day']}"
    elif kind == MONTHLY and recurrence.get("monthly_week_day"):
        week = {-1: "last", 1: "first", 2: "second", 3: "third", 4: "fourth"}.get(int(recurrence["monthly_week"]), "")
        text += f" on the {week} {DAY_NAMES[int(recurrence['monthly_week_day'])]}"
    if recurrence.get("end_date_time"):
        text += f", until {str(recurrence['end_date_time'])[:10]}"
    elif recurrence.get("end_times"):
        text += f", {recurrence['end_times']} times"
    return text
