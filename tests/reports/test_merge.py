"""How windows merge: active hosts add up, inactive hosts must be inactive in every month,
daily usage concatenates days."""

from __future__ import annotations

from apps.reports.merge import merge, totals
from apps.reports.types import TYPES


def host(id: str, meetings: int = 0) -> dict:
    return {"id": id, "email": f"{id}@x.example", "user_name": id, "dept": "", "meetings": meetings,
            "participants": meetings * 3, "meeting_minutes": meetings * 30}


def test_active_hosts_sum_per_host_across_months() -> None:
    rows = merge(TYPES["active_hosts"], [[host("a", 2), host("b", 1)], [host("a", 3), host("c", 4)]], {})
    assert {r["email"]: r["meetings"] for r in rows} == {"a@x.example": 5, "b@x.example": 1, "c@x.example": 4}
    assert totals(TYPES["active_hosts"], rows)["meeting_minutes"] == 300


def test_inactive_hosts_are_those_inactive_in_every_month() -> None:
    rows = merge(TYPES["inactive_hosts"], [[host("a"), host("b")], [host("b"), host("c")], [host("b"), host("a")]], {})
    assert [r["email"] for r in rows] == ["b@x.example"]


def test_daily_usage_concatenates_days_within_the_range() -> None:
    sept = [{"date": f"2026-09-{d:02d}", "meetings": 1} for d in range(1, 31)]
    octo = [{"date": f"2026-10-{d:02d}", "meetings": 2} for d in range(1, 32)]
    rows = merge(TYPES["daily"], [sept, octo], {"start": "2026-09-29", "end": "2026-10-02"})
    assert [r["date"] for r in rows] == ["2026-09-29", "2026-09-30", "2026-10-01", "2026-10-02"]
    assert [r["meetings"] for r in rows] == [1, 1, 2, 2]


def test_a_restarted_listing_does_not_count_a_host_twice() -> None:
    rows = merge(TYPES["active_hosts"], [[host("a", 2), host("a", 2)]], {})
    assert rows[0]["meetings"] == 2
