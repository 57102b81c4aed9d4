"""Report runs against the sandbox: results, resume after a kill, reuse of past windows,
cancel, and the daily cap."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.reports.models import ReportWindow
from apps.zoom import budget
from apps.zoom.errors import ZoomTemporaryError

from .conftest import last_full_months, row_data

pytestmark = pytest.mark.django_db

HEAVY_USERS = "GET /v2/report/users"


@pytest.mark.usefixtures("connected_northwind")
def test_an_active_hosts_report_adds_up_each_hosts_months(zoom, northwind, run_report) -> None:
    start, end = last_full_months(3)
    job = run_report(northwind.account, "active_hosts", start=start, end=end)
    assert job.status == Job.Status.SUCCEEDED, job.error
    rows = row_data(job)
    assert job.result["windows"] == 3 and job.result["rows"] == len(rows) > 0
    assert job.result["totals"]["meetings"] == sum(r["meetings"] for r in rows)
    months = [run_report(northwind.account, "active_hosts", start=w[0], end=w[1]) for w in job.params["windows"]]
    by_email: dict[str, int] = {}
    for month in months:
        for r in row_data(month):
            by_email[r["email"]] = by_email.get(r["email"], 0) + r["meetings"]
    assert {r["email"]: r["meetings"] for r in rows} == by_email


@pytest.mark.usefixtures("connected_northwind")
def test_inactive_hosts_over_months_are_inactive_in_each(zoom, northwind, run_report) -> None:
    start, end = last_full_months(2)
    job = run_report(northwind.account, "inactive_hosts", start=start, end=end)
    both = {r["email"] for r in row_data(job)}
    each = [{r["email"] for r in row_data(run_report(northwind.account, "inactive_hosts", start=w[0], end=w[1]))}
            for w in job.params["windows"]]
    assert both == each[0] & each[1]


def test_a_run_killed_mid_way_resumes_with_the_same_rows(zoom, connect, run_report, settings) -> None:
    zoom.reset(users=1200)
    account = connect().account
    settings.ZOOM_RETRY_ATTEMPTS = 1  # fail at once instead of retrying the fault away
    start, end = last_full_months(3)
    zoom.add_fault(500, count=10, fail_after_pages=1)
    from apps.reports import services
    from apps.reports.types import TYPES

    job = services.start(account, None, TYPES["active_hosts"], {"start": start, "end": end})
    with pytest.raises(ZoomTemporaryError):
        jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.checkpoint["pages"] == 1 and job.checkpoint["tokens"]["0"]
    zoom.clear_faults()
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    resumed = row_data(job)
    ReportWindow.objects.all().delete()
    fresh = run_report(account, "active_hosts", start=start, end=end)
    assert fresh.result["reused"] == 0 and resumed == row_data(fresh)


@pytest.mark.usefixtures("connected_northwind")
def test_a_window_wholly_in_the_past_is_not_fetched_again(zoom, northwind, run_report) -> None:
    start, end = last_full_months(2)
    first = run_report(northwind.account, "active_hosts", start=start, end=end)
    zoom.reset_calls()
    again = run_report(northwind.account, "active_hosts", start=start, end=end)
    assert again.result["reused"] == 2 and HEAVY_USERS not in zoom.calls()
    assert row_data(again) == row_data(first)


@pytest.mark.usefixtures("connected_northwind")
def test_the_current_month_is_fetched_again(zoom, northwind, run_report) -> None:
    today = dt.datetime.now(dt.UTC).date()
    run_report(northwind.account, "daily", start=today.replace(day=1).isoformat(), end=today.isoformat())
    zoom.reset_calls()
    again = run_report(northwind.account, "daily", start=today.replace(day=1).isoformat(), end=today.isoformat())
    assert again.result["reused"] == 0 and zoom.calls().get("GET /v2/report/daily") == 1


@pytest.mark.usefixtures("connected_northwind")
def test_a_cancelled_run_stops_and_writes_no_rows(zoom, northwind) -> None:
    from apps.reports import services
    from apps.reports.types import TYPES

    start, end = last_full_months(2)
    job = services.start(northwind.account, None, TYPES["active_hosts"], {"start": start, "end": end})
    assert jobs.cancel(job)
    assert jobs.run(job.pk) == "not claimed"
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and row_data(job) == []


@pytest.mark.usefixtures("connected_northwind")
def test_a_run_cancelled_mid_way_asks_zoom_for_nothing_more(zoom, northwind, monkeypatch) -> None:
    from apps.reports import runner, services
    from apps.reports.types import TYPES

    start, end = last_full_months(3)
    job = services.start(northwind.account, None, TYPES["active_hosts"], {"start": start, "end": end})
    real_client_for = runner.client_for

    def client_whose_admin_cancels_after_one_page(account):
        client = real_client_for(account)
        pages = client.pages

        def first_page_then_cancel(*args, **kwargs):
            listing = pages(*args, **kwargs)
            yield next(listing)
            jobs.cancel(job)  # the admin presses Cancel after the first page is stored
            yield from listing

        client.pages = first_page_then_cancel
        return client

    monkeypatch.setattr(runner, "client_for", client_whose_admin_cancels_after_one_page)
    zoom.reset_calls()
    assert jobs.run(job.pk) == "cancelled"
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED and row_data(job) == []
    assert zoom.calls() == {HEAVY_USERS: 1}  # the other two months are never asked for


@pytest.mark.usefixtures("connected_northwind")
def test_the_daily_cap_makes_the_run_wait_until_it_resets(zoom, northwind, run_report, monkeypatch, settings,
                                                          tmp_path) -> None:
    # A budget file of this test's own: the spent daily cap must not reach other test sessions.
    settings.ZOOM_RATE_BUDGET_URL = f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    start, end = last_full_months(3)
    zoom.set_limits(overrides={"daily": 2})
    from apps.reports import services
    from apps.reports.types import TYPES

    job = services.start(northwind.account, None, TYPES["active_hosts"], {"start": start, "end": end})
    assert jobs.run(job.pk) == "deferred"  # handed back to the queue, not ended
    job.refresh_from_db()
    resume_at = dt.datetime.fromisoformat(job.checkpoint["resume_at"])
    assert job.status == Job.Status.QUEUED and resume_at.time() == dt.time(0, 0)
    assert services.waiting_until(job) == resume_at
    zoom.reset_calls()
    assert jobs.run(job.pk) == "deferred"  # an early message: still waiting, and no Zoom call made
    assert HEAVY_USERS not in zoom.calls()
    page = northwind.web().get(f"/reports/{job.pk}/").content.decode()
    assert "continues at" in page and resume_at.strftime("%Y-%m-%d %H:%M") in page
    # Midnight UTC passes: the sandbox's clock and the budget's move there (no sleeping).
    ahead = (resume_at - dt.datetime.now(dt.UTC)).total_seconds() + 60
    zoom.advance_clock(ahead)
    monkeypatch.setattr(budget, "_clock", lambda: time.time() + ahead)
    zoom.set_limits(overrides={})
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    assert jobs.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert job.result["windows"] == 3 and job.result["rows"] > 0


@pytest.mark.usefixtures("connected_northwind")
def test_two_runs_of_the_current_month_never_mix_their_pages(zoom, northwind, run_report) -> None:
    today = dt.datetime.now(dt.UTC).date()
    span = {"start": today.replace(day=1).isoformat(), "end": today.isoformat()}
    first = run_report(northwind.account, "daily", **span)
    second = run_report(northwind.account, "daily", **span)
    assert row_data(first) == row_data(second)
    assert ReportWindow.objects.filter(report_type="daily").count() == 1  # the older copy is dropped


@pytest.mark.usefixtures("connected_northwind")
def test_background_work_stops_at_the_reserve_and_a_report_still_runs(zoom, northwind, settings, tmp_path) -> None:
    settings.ZOOM_RATE_BUDGET_URL = f"sqlite:///{tmp_path / 'budget.sqlite3'}"
    settings.ZOOM_RATE_LIMITS = {"daily": 20}
    settings.ZOOM_DAILY_RESERVE = 0.2
    from apps.reports import services
    from apps.reports.types import TYPES
    from apps.zoom.priority import priority

    with priority("background"):  # a sync's heavy calls, up to the reserve (16 of 20)
        for _ in range(16):
            budget.take(northwind.account.zoom_account_id, "Heavy")
    start, end = last_full_months(3)
    unattended = services.start(northwind.account, None, TYPES["active_hosts"], {"start": start, "end": end})
    assert jobs.priority_of(unattended) == "background"
    assert jobs.run(unattended.pk) == "deferred"
    unattended.refresh_from_db()
    assert unattended.status == Job.Status.QUEUED and HEAVY_USERS not in zoom.calls()
    jobs.cancel(unattended)
    zoom.reset_calls()
    job = services.start(northwind.account, northwind.viewer, TYPES["active_hosts"], {"start": start, "end": end})
    assert jobs.priority_of(job) == "job"
    assert jobs.run(job.pk) == "succeeded"  # a person's report takes from the reserve
    assert zoom.calls()[HEAVY_USERS] == 3
