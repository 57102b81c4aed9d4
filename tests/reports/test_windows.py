"""Window splitting at month edges and time zones, and ranges Zoom cannot serve."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.reports.windows import RangeRefused, Window, plan, split_days, split_months, zoom_today

D = dt.date
TODAY = D(2026, 11, 23)


def test_a_range_is_split_into_calendar_months() -> None:
    assert split_months(D(2026, 1, 15), D(2026, 3, 3)) == [
        Window(D(2026, 1, 15), D(2026, 1, 31)), Window(D(2026, 2, 1), D(2026, 2, 28)),
        Window(D(2026, 3, 1), D(2026, 3, 3)),
    ]


def test_a_month_edge_on_both_ends_gives_whole_months() -> None:
    assert split_months(D(2024, 1, 31), D(2024, 3, 1)) == [
        Window(D(2024, 1, 31), D(2024, 1, 31)), Window(D(2024, 2, 1), D(2024, 2, 29)),
        Window(D(2024, 3, 1), D(2024, 3, 1)),
    ]


def test_a_range_across_new_year_splits_at_the_year() -> None:
    assert [w.start.month for w in split_months(D(2025, 12, 20), D(2026, 1, 10))] == [12, 1]


def test_cloud_recording_is_split_into_thirty_day_windows() -> None:
    windows = split_days(D(2026, 6, 1), D(2026, 8, 15), 30)
    assert [(w.end - w.start).days + 1 for w in windows] == [30, 30, 16]
    assert windows[1].start == windows[0].end + dt.timedelta(days=1)


def test_six_months_back_is_the_earliest_start() -> None:
    assert plan("month", D(2026, 5, 23), D(2026, 6, 30), TODAY)[0].start == D(2026, 5, 23)
    with pytest.raises(RangeRefused, match="earliest start date is 2026-05-23"):
        plan("month", D(2026, 5, 22), D(2026, 6, 30), TODAY)


def test_an_end_in_the_future_is_cut_at_today_and_yesterday_for_cloud_recording() -> None:
    assert plan("month", D(2026, 11, 1), D(2026, 12, 31), TODAY) == [Window(D(2026, 11, 1), TODAY)]
    assert plan("days30", D(2026, 11, 1), D(2026, 12, 31), TODAY)[-1].end == D(2026, 11, 22)


def test_a_range_entirely_in_the_future_is_refused_with_a_clear_message() -> None:
    with pytest.raises(RangeRefused, match="no data for this range yet"):
        plan("month", D(2026, 12, 1), D(2026, 12, 31), TODAY)


def test_daily_usage_asks_for_whole_months() -> None:
    assert plan("daily", D(2026, 9, 10), D(2026, 10, 5), TODAY) == [
        Window(D(2026, 9, 1), D(2026, 9, 30)), Window(D(2026, 10, 1), D(2026, 10, 31))]
    assert plan("daily", D(2026, 5, 1), D(2026, 5, 31), TODAY)[0].start == D(2026, 5, 1)


def test_upcoming_events_start_today_at_the_earliest() -> None:
    assert plan("ahead", D(2026, 11, 1), D(2026, 12, 10), TODAY)[0] == Window(TODAY, D(2026, 11, 30))


def test_zooms_today_is_the_utc_date_whatever_the_admins_time_zone() -> None:
    tokyo_morning = dt.datetime(2026, 12, 1, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # still 30 Nov in UTC
    assert zoom_today(tokyo_morning) == D(2026, 11, 30)
    new_york_evening = dt.datetime(2026, 11, 30, 20, 0, tzinfo=ZoneInfo("America/New_York"))  # 1 Dec UTC
    assert zoom_today(new_york_evening) == D(2026, 12, 1)
    with pytest.raises(RangeRefused):
        plan("month", D(2026, 12, 1), D(2026, 12, 1), zoom_today(tokyo_morning))
