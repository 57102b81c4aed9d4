"""Starting, re-running and reading report runs (thin views call these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, FloatField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils import timezone

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.lib.exports import Column, csv_response

from .models import ReportRow
from .types import TYPES, ReportType
from .windows import plan, zoom_today

PAGE_SIZE = 50


def runs(account) -> QuerySet[Job]:
    return Job.objects.filter(account=account, kind__startswith="report.").exclude(
        kind="report.overview").select_related("created_by")


def report_type(job: Job) -> ReportType:
    return TYPES[job.params["type"]]


def start(account, user, rtype: ReportType, form: dict[str, Any], now: dt.datetime | None = None) -> Job:
    """Plan the windows (RangeRefused when Zoom cannot serve the range) and enqueue the run."""
    start_date = dt.date.fromisoformat(form["start"]) if form.get("start") else None
    end_date = dt.date.fromisoformat(form["end"]) if form.get("end") else None
    windows = plan(rtype.windowing, start_date, end_date, zoom_today(now or timezone.now()))
    params = {"type": rtype.slug, **{k: v for k, v in form.items() if v not in (None, "")},
              "windows": [w.as_list() for w in windows]}
    key = "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "windows")[:200]
    job, _ = jobs.enqueue(rtype.kind, account, key=key, params=params, user=user)
    return job


def form_values(job: Job) -> dict[str, Any]:
    return {k: v for k, v in job.params.items() if k not in ("type", "windows")}


def rows(job: Job, sort: str = "", descending: bool = False) -> QuerySet[ReportRow]:
    rtype = report_type(job)
    qs = ReportRow.objects.filter(job=job)
    column = next((c for c in rtype.columns if c.key == sort), None)
    if column is None:
        return qs.order_by("position")
    expr = Cast(KT(f"data__{column.key}"), FloatField()) if column.numeric else KT(f"data__{column.key}")
    ordering = F("sort_key").desc(nulls_last=True) if descending else F("sort_key").asc(nulls_last=True)
    return qs.annotate(sort_key=expr).order_by(ordering, "position")


def table_page(job: Job, sort: str, descending: bool, page: str | int | None) -> Page:
    found = Paginator(rows(job, sort, descending), PAGE_SIZE).get_page(page)
    keys = [c.key for c in report_type(job).columns]
    found.object_list = list(found.object_list)
    for row in found.object_list:
        row.cells = [row.data.get(k, "") for k in keys]
    return found


def export_columns(job: Job) -> list[Column]:
    """The table's columns; identifiers and numbers exactly, free text guarded."""
    return [Column(c.label, lambda data, key=c.key: data.get(key, ""), exact=c.exact)
            for c in report_type(job).columns]


def export(job: Job, filename: str) -> StreamingHttpResponse:
    """The table as CSV, row by row from the database (100k rows stream in constant memory)."""
    rows = ReportRow.objects.filter(job=job).order_by("position").values_list("data", flat=True)
    return csv_response(filename, export_columns(job), rows.iterator(chunk_size=2000))


def waiting_until(job: Job) -> dt.datetime | None:
    value = (job.checkpoint or {}).get("resume_at")
    if job.status != Job.Status.QUEUED or not value:
        return None
    return dt.datetime.fromisoformat(value)
