"""Bar charts drawn on the server as SVG geometry (no script, no style attribute: the CSP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 720, 240
LEFT, BOTTOM, TOP = 48, 40, 12


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float


def bar_chart(rows: list[dict[str, Any]], label_key: str, value_key: str, *, top: int | None = None,
              title: str = "") -> dict[str, Any] | None:
    points = [(str(r.get(label_key, "")), float(r.get(value_key) or 0)) for r in rows]
    if top:
        points = sorted(points, key=lambda p: -p[1])[:top]
    if not points:
        return None
    peak = max(v for _, v in points) or 1.0
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    step = plot_w / len(points)
    gap = min(4.0, step * 0.2)
    bars = [Bar(x=round(LEFT + i * step + gap / 2, 1), y=round(TOP + plot_h * (1 - v / peak), 1),
                width=round(max(step - gap, 1), 1), height=round(plot_h * v / peak, 1), label=label, value=v)
            for i, (label, v) in enumerate(points)]
    every = max(1, len(points) // 8)
    ticks = [{"x": round(b.x + b.width / 2, 1), "label": b.label[:12]} for i, b in enumerate(bars) if i % every == 0]
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "ticks": ticks,
            "peak": int(peak) if peak.is_integer() else peak,
            "axis_y": HEIGHT - BOTTOM, "left": LEFT, "top": TOP, "label_y": HEIGHT - BOTTOM + 16,
            "title": title, "right": WIDTH - 8}


def points(rtype, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a run's chart draws, kept with its result: the series, or the largest ten."""
    if not rtype.chart:
        return []
    label, value = rtype.chart
    series = [{label: row.get(label, ""), value: row.get(value) or 0} for row in rows]
    if rtype.chart_kind == "top":
        series = sorted(series, key=lambda p: -float(p[value]))[:10]
    return series[:400]


def for_run(rtype, series: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not rtype.chart or not series:
        return None
    label, value = rtype.chart
    column = next(c.label for c in rtype.columns if c.key == value)
    if rtype.chart_kind == "top":
        return bar_chart(series, label, value, title=f"Top 10 by {column.lower()}")
    return bar_chart(series, label, value, title=column)
