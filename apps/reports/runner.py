"""The job that runs a report: fetch each window (or reuse it), checkpoint every page, merge.

Windows are fetched a few at a time (threads; the shared rate budget keeps the account
within Zoom's Heavy limit). The checkpoint (see ``Fetch``) records windows done and each
window's next page token; a window's pages so far are stored on its own ReportWindow in
the same transaction as the checkpoint, so a killed worker resumes from the next page
with exactly the rows it had.
When Zoom's daily cap is spent the run goes back to the queue until the cap resets.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.jobs.models import Job
from apps.jobs.services import JobCancelled, JobDeferred, Progress, handler
from apps.zoom.budget import DailyCapReached
from apps.zoom.connections import client_for
from apps.zoom.endpoints import reports as zoom_reports

from . import charts, merge
from .models import ReportRow, ReportWindow
from .types import TYPES, ReportType
from .windows import Window


def params_key(rtype: ReportType, params: dict[str, Any]) -> str:
    """What, besides the dates, makes a window's answer different."""
    parts = {**rtype.query, **{f: params.get(f, "") for f in rtype.fields if f not in ("start", "end")}}
    return "&".join(f"{k}={parts[k]}" for k in sorted(parts))[:200]


def request_for(rtype: ReportType, params: dict[str, Any], window: Window) -> tuple[dict[str, Any], dict[str, Any]]:
    """(query, path parameters) of one window's call."""
    query: dict[str, Any] = dict(rtype.query)
    if rtype.windowing == "daily":
        query.update(year=window.start.year, month=window.start.month)
    elif window.start is not None:
        query.update({"from": window.start.isoformat(), "to": window.end.isoformat()})
    if params.get("audio_type"):
        query["type"] = params["audio_type"]
    if params.get("meeting_type"):
        query["meeting_type"] = params["meeting_type"]
    path_params: dict[str, Any] = {}
    if "{userId}" in rtype.path:
        path_params["userId"] = params.get("user", "")
    for name in ("meetingId", "webinarId"):
        if "{" + name + "}" in rtype.path:
            path_params[name] = params.get("event_id", "")
    return query, path_params


def past_window(account, rtype: ReportType, key: str, window: Window) -> ReportWindow | None:
    """A window fetched before that can be reused instead of asking Zoom again."""
    if not rtype.reusable:
        return None
    candidates = ReportWindow.objects.filter(account=account, report_type=rtype.slug, params_key=key,
                                             start=window.start, end=window.end, complete=True)
    return next((w for w in candidates.order_by("-fetched_at")[:3] if reusable(rtype, w)), None)


def own_window(job: Job, rtype: ReportType, key: str, window: Window) -> ReportWindow:
    """The window this run fetches into: its own row, so that two runs never mix pages."""
    found, _ = ReportWindow.objects.get_or_create(job=job, account=job.account, report_type=rtype.slug,
                                                  params_key=key, start=window.start, end=window.end)
    return found


def reusable(rtype: ReportType, stored: ReportWindow) -> bool:
    """History that can no longer change: complete, and fetched after the window ended."""
    if not (rtype.reusable and stored.complete and stored.fetched_at):
        return False
    return stored.end is None or stored.fetched_at.astimezone(dt.UTC).date() > stored.end


def forget_older(stored: ReportWindow) -> None:
    """Keep one copy of a window: older ones no running job still fills are dropped."""
    ReportWindow.objects.filter(
        account=stored.account_id, report_type=stored.report_type, params_key=stored.params_key,
        start=stored.start, end=stored.end,
    ).exclude(pk=stored.pk).exclude(job__status__in=Job.ACTIVE).delete()


class Fetch:
    """The run's checkpoint, shared by the threads that fetch windows side by side.

    ``{"done": [window indexes], "sources": {index: ReportWindow pk}, "tokens": {index:
    next_page_token}, "pages": n, "reused": n}``. Every change is saved under the lock, in
    the same transaction as the page it describes."""

    def __init__(self, progress: Progress, total: int):
        self.progress = progress
        self.total = total
        self.lock = threading.Lock()
        self.stop = threading.Event()
        cp = dict(progress.checkpoint or {})
        self.cp: dict[str, Any] = {"done": [], "sources": {}, "tokens": {}, "pages": 0, "reused": 0, **cp}

    def window_done(self, index: int, stored: ReportWindow, *, reused: bool) -> None:
        with self.lock:
            self.cp["done"] = sorted({*self.cp["done"], index})
            self.cp["sources"][str(index)] = stored.pk
            self.cp["tokens"].pop(str(index), None)
            self.cp["reused"] += int(reused)
            self.progress.save(done=len(self.cp["done"]), total=self.total, checkpoint=self.cp)


def run_report(progress: Progress) -> dict[str, Any]:
    job = progress.job
    rtype = TYPES[job.params["type"]]
    windows = [Window.from_list(w) for w in job.params["windows"]]
    key = params_key(rtype, job.params)
    fetch = Fetch(progress, len(windows))
    to_fetch = []
    for i, window in enumerate(windows):
        if i in fetch.cp["done"]:
            continue
        stored = past_window(job.account, rtype, key, window)
        if stored is not None:
            fetch.window_done(i, stored, reused=True)
        else:
            to_fetch.append(i)

    def fetch_one(i: int) -> None:
        stored = own_window(job, rtype, key, windows[i])
        fetch_window(client, fetch, rtype, job.params, stored, i)
        if not fetch.stop.is_set():
            forget_older(stored)
            fetch.window_done(i, stored, reused=False)

    try:
        if to_fetch:
            client = client_for(job.account)
            in_parallel(fetch, fetch_one, to_fetch)
    except DailyCapReached as exc:
        fetch.progress.save(checkpoint={**fetch.cp, "resume_at": exc.resume_at.isoformat()})
        raise JobDeferred(
            exc.resume_at, f"Waiting for Zoom's daily limit to reset at {exc.resume_at:%Y-%m-%d %H:%M} UTC."
        ) from exc
    cp = fetch.cp
    sources = ReportWindow.objects.in_bulk([cp["sources"][str(i)] for i in range(len(windows))])
    rows = merge.merge(rtype, [sources[cp["sources"][str(i)]].rows for i in range(len(windows))], job.params)
    with transaction.atomic():
        ReportRow.objects.filter(job=job).delete()
        ReportRow.objects.bulk_create(
            (ReportRow(job=job, position=n, data=row) for n, row in enumerate(rows)), batch_size=2000
        )
    return {"rows": len(rows), "totals": merge.totals(rtype, rows), "windows": len(windows),
            "reused": cp["reused"], "pages": cp["pages"], "chart": charts.points(rtype, rows)}


def in_parallel(fetch: Fetch, work: Callable[[int], None], indexes: list[int]) -> None:
    """Several windows at once (the rate budget keeps the account under Zoom's limits), in
    window order; the first error stops the others and is raised. Inside a transaction (a
    test's), one at a time: other threads could not see its rows."""
    threads = settings.REPORT_WINDOW_THREADS
    if threads <= 1 or connection.in_atomic_block or len(indexes) == 1:
        for i in indexes:
            work(i)
        return

    def guarded(i: int) -> None:
        try:
            if not fetch.stop.is_set():
                work(i)
        except BaseException:
            fetch.stop.set()
            raise
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="report-window") as pool:
        futures = [pool.submit(guarded, i) for i in indexes]
    errors = [f.exception() for f in futures if f.exception() is not None]
    if errors:
        # The daily cap first (the run waits), then a cancel, then anything else.
        errors.sort(key=lambda e: 0 if isinstance(e, DailyCapReached) else 1 if isinstance(e, JobCancelled) else 2)
        raise errors[0]


def fetch_window(client, fetch: Fetch, rtype: ReportType, params: dict[str, Any], stored: ReportWindow,
                 index: int) -> None:
    """Every page of one window (from the checkpoint's page token, when resuming) into ``stored``."""
    query, path_params = request_for(rtype, params, Window(stored.start, stored.end))
    token = fetch.cp["tokens"].get(str(index), "")
    if not token:
        stored.rows, stored.pages, stored.complete = [], 0, False
    if not rtype.paginated:
        answer = zoom_reports.get_report(client, rtype.endpoint, params=query, **path_params) or {}
        items = answer.get(rtype.key) or [] if rtype.key else [answer]
        pages: Iterable[tuple[list[dict[str, Any]], str]] = [(merge.flatten(rtype, items), "")]
    else:
        pages = client.pages(rtype.endpoint.path, rtype.endpoint.key, params=query, start_token=token, **path_params)
    for items, next_token in pages:
        if fetch.stop.is_set():
            return
        stored.rows = [*stored.rows, *items]
        stored.pages += 1
        stored.complete = not next_token
        stored.fetched_at = timezone.now()
        with fetch.lock, transaction.atomic():
            fetch.cp["tokens"][str(index)] = next_token
            fetch.cp["pages"] += 1
            stored.save(update_fields=["rows", "pages", "complete", "fetched_at"])
            fetch.progress.save(checkpoint=fetch.cp)


for _rtype in TYPES.values():
    handler(_rtype.kind)(run_report)
