"""Splitting a date range into the windows an endpoint accepts, and refusing what Zoom cannot serve.

Zoom's dates are calendar dates in UTC (its "today" turns at 00:00 UTC), whatever the
admin's own time zone: ``zoom_today`` is the date to measure "the last 6 months" from.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

LOOKBACK_MONTHS = 6


class RangeRefused(ValueError):
    """A range no split can make Zoom serve; the message is for the admin."""


@dataclass(frozen=True)
class Window:
    start: dt.date | None
    end: dt.date | None

    def as_list(self) -> list[str | None]:
        return [self.start.isoformat() if self.start else None, self.end.isoformat() if self.end else None]

    @classmethod
    def from_list(cls, pair: list[str | None]) -> Window:
        return cls(*(dt.date.fromisoformat(p) if p else None for p in pair))


def zoom_today(now: dt.datetime) -> dt.date:
    return now.astimezone(dt.UTC).date()


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def split_months(start: dt.date, end: dt.date) -> list[Window]:
    """Calendar-month windows: 15 Jan–3 Mar gives 15–31 Jan, Feb, 1–3 Mar."""
    windows = []
    cursor = start
    while cursor <= end:
        last = min(month_end(cursor), end)
        windows.append(Window(cursor, last))
        cursor = last + dt.timedelta(days=1)
    return windows


def split_days(start: dt.date, end: dt.date, days: int) -> list[Window]:
    windows = []
    cursor = start
    while cursor <= end:
        last = min(cursor + dt.timedelta(days=days - 1), end)
        windows.append(Window(cursor, last))
        cursor = last + dt.timedelta(days=1)
    return windows


def plan(windowing: str, start: dt.date | None, end: dt.date | None, today: dt.date) -> list[Window]:
    """The windows for a report whose endpoint splits by ``windowing``:

    - ``month``: past data within the last 6 months, calendar months (ends after today are cut);
    - ``daily``: the same months, fetched as year+month (rows outside the range are dropped later);
    - ``days30``: past data up to yesterday, within 6 months, 30-day windows (cloud recording);
    - ``ahead``: today onward, calendar months (upcoming events);
    - ``none``: no dates (one meeting's reports).
    """
    if windowing == "none":
        return [Window(None, None)]
    if start is None or end is None:
        raise RangeRefused("Give a start and an end date.")
    if end < start:
        raise RangeRefused("The end date is before the start date.")
    if windowing == "ahead":
        start = max(start, today)
        if end < start:
            raise RangeRefused("Upcoming events start today at the earliest: pick an end date from today on.")
        return split_months(start, end)
    earliest = add_months(today, -LOOKBACK_MONTHS)
    if windowing == "daily":
        earliest = earliest.replace(day=1)
    latest = today - dt.timedelta(days=1) if windowing == "days30" else today
    if start < earliest:
        raise RangeRefused(
            f"Zoom keeps this report for 6 months: the earliest start date is {earliest:%Y-%m-%d}."
        )
    end = min(end, latest)
    if end < start:
        raise RangeRefused(f"Zoom has no data for this range yet: the latest end date is {latest:%Y-%m-%d}.")
    if windowing == "days30":
        return split_days(start, end, 30)
    if windowing == "daily":
        # Zoom answers whole months: keep the whole month, so that later runs can reuse it.
        return [Window(w.start.replace(day=1), month_end(w.start)) for w in split_months(start, end)]
    return split_months(start, end)
