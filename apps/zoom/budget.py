"""The rate budget: Zoom's limits per account and label, taken before each call.

Zoom counts calls per account (shared by every app), per label: Light, Medium and
Heavy per second, Resource-intensive per minute, and Heavy + Resource-intensive
together against a daily cap that resets at 00:00 UTC. Every process and worker
takes from one shared budget: in Redis when one is configured, otherwise in a small
SQLite file that all local processes open (IMMEDIATE transactions serialize them).
Windows are widened by a margin so that jitter between our clock and Zoom's arrival
times does not tip a burst over the limit.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import threading
import time
import uuid
from functools import cache
from pathlib import Path

from django.conf import settings

from .errors import ZoomTemporaryError
from .operations import HEAVY, LIGHT, MEDIUM, RESOURCE_INTENSIVE
from .priority import BACKGROUND, INTERACTIVE, JOB

PLAN_LIMITS: dict[str, dict[str, int]] = {
    "pro": {LIGHT: 30, MEDIUM: 20, HEAVY: 10, RESOURCE_INTENSIVE: 10, "daily": 30_000},
    "business": {LIGHT: 80, MEDIUM: 60, HEAVY: 40, RESOURCE_INTENSIVE: 20, "daily": 60_000},
}
WINDOW_SECONDS = {LIGHT: 1.0, MEDIUM: 1.0, HEAVY: 1.0, RESOURCE_INTENSIVE: 60.0}
DAILY_LABELS = (HEAVY, RESOURCE_INTENSIVE)
# Of each per-second/minute window, the share a priority may not fill: it stays free for the
# priorities above it, so a person's page never queues behind a saturated sync.
WINDOW_HEADROOM = {INTERACTIVE: 0.0, JOB: 0.1, BACKGROUND: 0.2}


class DailyCapReached(ZoomTemporaryError):
    """The account's daily Heavy/Resource-intensive allowance is spent until ``resume_at``."""

    def __init__(self, resume_at: dt.datetime):
        super().__init__(
            f"Zoom's daily limit for heavy requests is reached; it resets at {resume_at:%Y-%m-%d %H:%M} UTC.",
            status=429,
        )
        self.resume_at = resume_at


class DailyReserveKept(DailyCapReached):
    """Background work may not take the daily cap's last ZOOM_DAILY_RESERVE share: it waits
    for the reset, and people (pages, the jobs they start) still get through."""

    def __init__(self, resume_at: dt.datetime):
        super().__init__(resume_at)
        share = round(settings.ZOOM_DAILY_RESERVE * 100)
        self.message = (
            f"Background work waits: the last {share}% of today's heavy calls are kept for people; "
            f"it goes on after Zoom's daily limit resets at {resume_at:%Y-%m-%d %H:%M} UTC."
        )
        self.args = (self.message,)


def _clock() -> float:
    """Wall-clock seconds; the day of the daily cap comes from it (tests move it)."""
    return time.time()


def limits() -> dict[str, int]:
    plan = PLAN_LIMITS.get(settings.ZOOM_PLAN, PLAN_LIMITS["pro"])
    return {**plan, **settings.ZOOM_RATE_LIMITS}


def _utc_day(now: float) -> str:
    return dt.datetime.fromtimestamp(now, dt.UTC).date().isoformat()


def next_reset(now: float) -> dt.datetime:
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, dt.UTC)


class _SQLiteStore:
    """Sliding windows in a SQLite file shared by the local processes."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        con = self._con()
        con.execute("CREATE TABLE IF NOT EXISTS calls (key TEXT NOT NULL, ts REAL NOT NULL)")
        con.execute("CREATE INDEX IF NOT EXISTS calls_key_ts ON calls (key, ts)")
        con.execute("CREATE TABLE IF NOT EXISTS daily (key TEXT PRIMARY KEY, used INTEGER NOT NULL)")

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            con.execute("PRAGMA journal_mode=WAL")
            self._local.con = con
        return con

    def try_take(self, key: str, limit: int, window: float, daily_key: str | None, daily_limit: int) -> float:
        con = self._con()
        now = time.time()
        con.execute("BEGIN IMMEDIATE")
        try:
            if daily_key is not None:
                row = con.execute("SELECT used FROM daily WHERE key = ?", (daily_key,)).fetchone()
                if row and row[0] >= daily_limit:
                    return -1.0
            con.execute("DELETE FROM calls WHERE key = ? AND ts <= ?", (key, now - window))
            count, oldest = con.execute("SELECT COUNT(*), MIN(ts) FROM calls WHERE key = ?", (key,)).fetchone()
            if count >= limit:
                return max(0.001, oldest + window - now)
            con.execute("INSERT INTO calls (key, ts) VALUES (?, ?)", (key, now))
            if daily_key is not None:
                con.execute(
                    "INSERT INTO daily (key, used) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET used = used + 1",
                    (daily_key,),
                )
            return 0.0
        finally:
            con.execute("COMMIT")

    def exhaust_daily(self, daily_key: str, daily_limit: int) -> None:
        con = self._con()
        con.execute(
            "INSERT INTO daily (key, used) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET used = MAX(used, ?)",
            (daily_key, daily_limit, daily_limit),
        )

    def reset(self) -> None:
        con = self._con()
        con.execute("DELETE FROM calls")
        con.execute("DELETE FROM daily")


_TAKE_LUA = """
local window_ms = tonumber(ARGV[2])
local limit = tonumber(ARGV[1])
local daily_limit = tonumber(ARGV[4])
if daily_limit >= 0 then
  local used = tonumber(redis.call('GET', KEYS[2]) or '0')
  if used >= daily_limit then return -1 end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window_ms)
local count = redis.call('ZCARD', KEYS[1])
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window_ms - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window_ms * 2)
if daily_limit >= 0 then
  redis.call('INCR', KEYS[2])
  redis.call('EXPIRE', KEYS[2], 172800)
end
return 0
"""


class _RedisStore:
    """Sliding windows as sorted sets, taken atomically by a Lua script on Redis's clock."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(_TAKE_LUA)

    def try_take(self, key: str, limit: int, window: float, daily_key: str | None, daily_limit: int) -> float:
        keys = [f"zoomadmin:budget:{key}", f"zoomadmin:budget:{daily_key or 'none'}"]
        args = [limit, int(window * 1000), uuid.uuid4().hex, daily_limit if daily_key else -1]
        waited = int(self.script(keys=keys, args=args))
        return -1.0 if waited < 0 else waited / 1000

    def exhaust_daily(self, daily_key: str, daily_limit: int) -> None:
        self.client.set(f"zoomadmin:budget:{daily_key}", daily_limit, ex=172800)

    def reset(self) -> None:
        for key in self.client.scan_iter("zoomadmin:budget:*"):
            self.client.delete(key)


@cache
def _store(url: str) -> _SQLiteStore | _RedisStore:
    if url.startswith(("redis://", "rediss://")):
        return _RedisStore(url)
    return _SQLiteStore(Path(url.removeprefix("sqlite:///")))


def store() -> _SQLiteStore | _RedisStore:
    return _store(settings.ZOOM_RATE_BUDGET_URL)


def window_limit(limit: int, priority: str) -> int:
    """How much of a window ``priority`` may fill (always at least one call)."""
    return max(1, limit - math.ceil(limit * WINDOW_HEADROOM.get(priority, 0.0) - 1e-9))


def daily_limit(limit: int, priority: str) -> int:
    """How much of the daily cap ``priority`` may use: background work leaves the reserve."""
    if priority != BACKGROUND:
        return limit
    return limit - math.ceil(limit * settings.ZOOM_DAILY_RESERVE - 1e-9)


def take(account_id: str, label: str, priority: str = INTERACTIVE) -> None:
    """Block until a call of ``label`` for the account fits Zoom's limits, then count it.

    Lower priorities leave headroom in each window and (background) a reserve of the daily
    cap. Raises DailyCapReached instead of waiting when the daily cap is spent, and
    DailyReserveKept when background work reaches the reserve.
    """
    if label not in WINDOW_SECONDS:
        return
    lim = limits()
    window = WINDOW_SECONDS[label] * (1 + settings.ZOOM_RATE_MARGIN)
    per_window = window_limit(lim[label], priority)
    per_day = daily_limit(lim["daily"], priority)
    while True:
        now = _clock()
        daily_key = f"{account_id}:daily:{_utc_day(now)}" if label in DAILY_LABELS else None
        wait = store().try_take(f"{account_id}:{label}", per_window, window, daily_key, per_day)
        if wait == 0:
            return
        if wait < 0:
            if priority == BACKGROUND and per_day < lim["daily"]:
                raise DailyReserveKept(next_reset(now))
            raise DailyCapReached(next_reset(now))
        time.sleep(wait)


def record_daily_cap_reached(account_id: str) -> DailyCapReached:
    """Zoom said the daily cap is spent (another app may share it): remember it until midnight."""
    now = _clock()
    store().exhaust_daily(f"{account_id}:daily:{_utc_day(now)}", limits()["daily"])
    return DailyCapReached(next_reset(now))
