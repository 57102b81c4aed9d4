"""Zoom's recurrence rules, without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from apps.sandbox.areas.events import recurrence as rec

START = datetime(2030, 1, 31, 9, 0, tzinfo=UTC)  # a Thursday


def days(recurrence: dict, start: datetime = START, tz: str = "UTC") -> list[str]:
    return [d.strftime("%Y-%m-%d %H:%M") for d in rec.occurrences(start, tz, rec.validate(recurrence, tz))]


def test_daily_every_third_day() -> None:
    assert days({"type": 1, "repeat_interval": 3, "end_times": 3}) == [
        "2030-01-31 09:00", "2030-02-03 09:00", "2030-02-06 09:00"]


def test_weekly_every_other_week_on_sunday_and_friday() -> None:
    assert days({"type": 2, "repeat_interval": 2, "weekly_days": "1,6", "end_times": 4}) == [
        "2030-02-01 09:00", "2030-02-10 09:00", "2030-02-15 09:00", "2030-02-24 09:00"]


def test_monthly_on_the_31st_skips_short_months() -> None:
    assert days({"type": 3, "monthly_day": 31, "end_times": 3}) == [
        "2030-01-31 09:00", "2030-03-31 09:00", "2030-05-31 09:00"]


def test_monthly_on_the_second_tuesday() -> None:
    assert days({"type": 3, "monthly_week": 2, "monthly_week_day": 3, "end_times": 2}) == [
        "2030-02-12 09:00", "2030-03-12 09:00"]


def test_end_date_time_stops_the_series() -> None:
    assert days({"type": 1, "end_date_time": "2030-02-02T23:59:00Z"}) == [
        "2030-01-31 09:00", "2030-02-01 09:00", "2030-02-02 09:00"]


def test_no_end_is_capped_at_60() -> None:
    assert len(days({"type": 1, "end_times": 0})) == 60
    assert len(days({"type": 1, "end_date_time": "2031-12-31T00:00:00Z"})) == 60


def test_local_wall_time_is_kept_across_daylight_saving() -> None:
    start = datetime(2030, 3, 4, 14, 0, tzinfo=UTC)  # 09:00 in New York (EST)
    out = days({"type": 2, "weekly_days": "2", "end_times": 2}, start, "America/New_York")
    assert out == ["2030-03-04 14:00", "2030-03-11 13:00"]  # 09:00 EDT after March 10


@pytest.mark.parametrize(("recurrence", "field"), [
    ({"type": 4}, "recurrence.type"),
    ({"type": 1, "repeat_interval": 100}, "recurrence.repeat_interval"),
    ({"type": 2, "repeat_interval": 51, "weekly_days": "1"}, "recurrence.repeat_interval"),
    ({"type": 3, "repeat_interval": 11, "monthly_day": 1}, "recurrence.repeat_interval"),
    ({"type": 2, "weekly_days": "0,8"}, "recurrence.weekly_days"),
    ({"type": 3}, "recurrence.monthly_day"),
    ({"type": 3, "monthly_week": 5, "monthly_week_day": 1}, "recurrence.monthly_week"),
    ({"type": 3, "monthly_week": 1}, "recurrence.monthly_week_day"),
    ({"type": 1, "end_times": 61}, "recurrence.end_times"),
    ({"type": 1, "end_times": 2, "end_date_time": "2030-03-01T00:00:00Z"}, "recurrence.end_times"),
])
def test_invalid_recurrences_name_the_field(recurrence: dict, field: str) -> None:
    with pytest.raises(rec.Invalid) as info:
        rec.validate(recurrence)
    assert info.value.field == field and field in info.value.message
