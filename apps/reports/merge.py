"""How a report's windows make one result, as each report means it."""

from __future__ import annotations

from typing import Any

from .types import ReportType

SUMMED = ("meetings", "participants", "meeting_minutes")


def flatten(rtype: ReportType, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Polls and Q&A: one row per answered question."""
    if rtype.flatten != "questions":
        return items
    rows = []
    for person in items:
        for detail in person.get("question_details") or []:
            rows.append({"name": person.get("name", ""), "email": person.get("email", ""), **detail})
    return rows


def _dedupe(rtype: ReportType, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rtype.row_id:
        return rows
    seen: set[Any] = set()
    kept = []
    for row in rows:
        marker = row.get(rtype.row_id)
        if marker in seen:
            continue
        seen.add(marker)
        kept.append(row)
    return kept


def merge(rtype: ReportType, windows: list[list[dict[str, Any]]], params: dict[str, Any]) -> list[dict[str, Any]]:
    """Active hosts add up per host across months; inactive hosts are those inactive in every
    month; everything else (daily usage included) is the windows one after another."""
    windows = [_dedupe(rtype, w) for w in windows]
    if rtype.merge == "sum_hosts":
        hosts: dict[Any, dict[str, Any]] = {}
        for rows in windows:
            for row in rows:
                total = hosts.setdefault(row["id"], {**row, **dict.fromkeys(SUMMED, 0)})
                for k in SUMMED:
                    total[k] += int(row.get(k) or 0)
        merged = list(hosts.values())
    elif rtype.merge == "every_window":
        common = set.intersection(*({r["id"] for r in rows} for rows in windows)) if windows else set()
        merged = [row for row in windows[-1] if row["id"] in common] if windows else []
    else:
        merged = [row for rows in windows for row in rows]
    if rtype.windowing == "daily":
        start, end = params.get("start", ""), params.get("end", "")
        merged = [row for row in merged if start <= row.get("date", "") <= end]
    keys = [c.key for c in rtype.columns]
    return [{k: row.get(k, "") for k in keys} for row in merged]


def totals(rtype: ReportType, rows: list[dict[str, Any]]) -> dict[str, float]:
    sums: dict[str, float] = {}
    for column in rtype.numeric_columns:
        value = sum(float(row.get(column.key) or 0) for row in rows)
        sums[column.key] = int(value) if value.is_integer() else round(value, 2)
    return sums
