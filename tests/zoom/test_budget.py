"""The shared rate budget, on both stores (a local SQLite file; Redis when reachable)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from apps.zoom import budget
from apps.zoom.operations import HEAVY, LIGHT


def redis_url() -> str | None:
    try:
        import redis

        url = "redis://127.0.0.1:6379/13"
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
        return url
    except Exception:
        return None


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request, tmp_path, settings):
    if request.param == "redis":
        url = redis_url()
        if url is None:
            pytest.skip("no Redis at 127.0.0.1:6379")
    else:
        url = f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    settings.ZOOM_RATE_BUDGET_URL = url
    budget.store().reset()
    return url


def test_a_window_admits_the_limit_and_then_says_how_long_to_wait(store_url):
    store = budget.store()
    key = f"acc-{uuid.uuid4().hex}:Light"
    assert [store.try_take(key, 5, 1.0, None, 0) for _ in range(5)] == [0.0] * 5
    wait = store.try_take(key, 5, 1.0, None, 0)
    assert 0 < wait <= 1.0


def test_accounts_and_labels_have_separate_windows(store_url):
    store = budget.store()
    for _ in range(3):
        assert store.try_take("a:Light", 3, 1.0, None, 0) == 0
    assert store.try_take("a:Light", 3, 1.0, None, 0) > 0
    assert store.try_take("b:Light", 3, 1.0, None, 0) == 0
    assert store.try_take("a:Medium", 3, 1.0, None, 0) == 0


def test_take_waits_for_room_instead_of_exceeding_the_limit(store_url, settings):
    settings.ZOOM_RATE_LIMITS = {LIGHT: 4}
    settings.ZOOM_RATE_MARGIN = 0.0
    import time

    started = time.monotonic()
    for _ in range(8):
        budget.take("acc-wait", LIGHT)
    assert time.monotonic() - started >= 0.9  # the second four had to wait for the window


def test_the_daily_cap_is_shared_by_heavy_calls_and_resets_at_utc_midnight(store_url, settings, monkeypatch):
    settings.ZOOM_RATE_LIMITS = {"daily": 3, HEAVY: 100}
    day = dt.datetime(2026, 11, 23, 23, 59, tzinfo=dt.UTC).timestamp()
    monkeypatch.setattr(budget, "_clock", lambda: day)
    for _ in range(3):
        budget.take("acc-daily", HEAVY)
    with pytest.raises(budget.DailyCapReached) as caught:
        budget.take("acc-daily", HEAVY)
    assert caught.value.resume_at == dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    budget.take("acc-daily", LIGHT)  # Light calls do not count against the daily cap
    monkeypatch.setattr(budget, "_clock", lambda: day + 120)  # the clock moves past midnight
    budget.take("acc-daily", HEAVY)


def test_a_daily_cap_reported_by_zoom_is_remembered_until_midnight(store_url, settings):
    settings.ZOOM_RATE_LIMITS = {"daily": 1000}
    error = budget.record_daily_cap_reached("acc-told")
    assert isinstance(error, budget.DailyCapReached)
    with pytest.raises(budget.DailyCapReached):
        budget.take("acc-told", HEAVY)


def test_background_calls_leave_the_daily_reserve_to_people(store_url, settings):
    settings.ZOOM_RATE_LIMITS = {"daily": 10, HEAVY: 100}
    settings.ZOOM_DAILY_RESERVE = 0.2
    account = f"acc-{uuid.uuid4().hex}"
    for _ in range(8):
        budget.take(account, HEAVY, "background")
    with pytest.raises(budget.DailyReserveKept) as caught:
        budget.take(account, HEAVY, "background")
    assert "the last 20% of today's heavy calls are kept for people" in str(caught.value)
    assert isinstance(caught.value, budget.DailyCapReached)  # deferred like the spent cap
    budget.take(account, HEAVY, "job")
    budget.take(account, HEAVY, "interactive")
    with pytest.raises(budget.DailyCapReached) as spent:
        budget.take(account, HEAVY, "interactive")
    assert not isinstance(spent.value, budget.DailyReserveKept)


def test_lower_priorities_leave_headroom_in_each_window(store_url, settings, monkeypatch):
    settings.ZOOM_RATE_LIMITS = {LIGHT: 10}
    account = f"acc-{uuid.uuid4().hex}"
    waits: list[tuple[str, float]] = []

    class Waited(Exception):
        pass

    def no_sleep(seconds):
        raise Waited

    monkeypatch.setattr(budget.time, "sleep", no_sleep)

    def fill(priority: str) -> int:
        taken = 0
        try:
            while True:
                budget.take(account, LIGHT, priority)
                taken += 1
        except Waited:
            waits.append((priority, taken))
            return taken

    assert fill("background") == 8  # 20% of the second stays free
    assert fill("job") == 1  # a job may fill 90%: one more
    assert fill("interactive") == 1  # a person's page gets the last one
    assert budget.window_limit(1, "background") == 1  # a tiny window still admits each priority
