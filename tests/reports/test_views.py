"""Report pages: who may use them, forms that refuse what Zoom cannot serve, the result
table, CSV equal to the table, and the overview's charts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.reports.models import ReportRow
from apps.reports.types import TYPES
from tests.conftest import client_for

from .conftest import last_full_months, row_data

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_a_viewer_runs_a_report_and_an_approver_may_not(northwind) -> None:
    viewer = northwind.web(northwind.viewer)
    start, end = last_full_months(1)
    response = viewer.post("/reports/new/daily/", {"start": start, "end": end})
    assert response.status_code == 302
    job = Job.objects.get(kind="report.daily")
    assert response["Location"] == f"/reports/{job.pk}/" and job.created_by == northwind.viewer
    approver = northwind.web(northwind.approver)
    assert approver.get("/reports/").status_code == 403
    assert approver.post("/reports/new/daily/", {"start": start, "end": end}).status_code == 403


def test_a_range_zoom_cannot_serve_is_refused_with_a_clear_message(northwind) -> None:
    admin = northwind.web()
    old = (dt.date.today() - dt.timedelta(days=250)).isoformat()
    response = admin.post("/reports/new/active_hosts/", {"start": old, "end": dt.date.today().isoformat()})
    assert response.status_code == 200 and b"Zoom keeps this report for 6 months" in response.content
    assert not Job.objects.filter(kind__startswith="report.").exists()


@pytest.mark.usefixtures("connected_northwind")
def test_the_run_page_shows_progress_then_table_chart_and_totals(zoom, northwind, run_report) -> None:
    admin = northwind.web()
    start, end = last_full_months(2)
    job = run_report(northwind.account, "daily", start=start, end=end)
    progress = admin.get(f"/reports/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"
    page = admin.get(f"/reports/{job.pk}/").content.decode()
    assert 'data-testid="report-chart"' in page and "<rect" in page and 'style="' not in page
    assert f'{job.result["totals"]["meetings"]:,}' in page
    listing = admin.get("/reports/").content.decode()
    assert f"/reports/{job.pk}/" in listing and "Re-run" in listing


@pytest.mark.usefixtures("connected_northwind")
def test_the_table_sorts_numbers_as_numbers(zoom, northwind, run_report) -> None:
    admin = northwind.web()
    start, end = last_full_months(1)
    job = run_report(northwind.account, "active_hosts", start=start, end=end)
    page = admin.get(f"/reports/{job.pk}/?sort=meetings&dir=desc")
    cells = [row.cells[3] for row in page.context["page"].object_list]
    assert cells == sorted(cells, reverse=True) and cells[0] == max(r["meetings"] for r in row_data(job))


@pytest.mark.usefixtures("connected_northwind")
def test_the_csv_equals_the_table(zoom, northwind, run_report) -> None:
    admin = northwind.web()
    start, end = last_full_months(2)
    job = run_report(northwind.account, "active_hosts", start=start, end=end)
    rows = csv_rows(admin.get(f"/reports/{job.pk}/csv/"))
    assert rows[0] == [c.label for c in TYPES["active_hosts"].columns]
    table = [[str(row.data[c.key]) for c in TYPES["active_hosts"].columns] for row in ReportRow.objects.filter(job=job)]
    assert rows[1:] == table and len(table) == job.result["rows"]
    shown = admin.get(f"/reports/{job.pk}/").context["page"].object_list
    assert [[str(c) for c in r.cells] for r in shown] == table[: len(shown)]


def test_the_csv_defuses_spreadsheet_formulas(admin, account) -> None:
    job = Job.objects.create(account=account, kind="report.operation_logs", status="succeeded",
                             params={"type": "operation_logs", "windows": []}, result={"rows": 1})
    ReportRow.objects.create(job=job, position=0, data={"time": "2026-01-01", "operator": "=HYPERLINK(\"x\")",
                                                        "category_type": "@SUM(A1)", "action": "-1+2",
                                                        "operation_detail": "plain"})
    rows = csv_rows(client_for(admin).get(f"/reports/{job.pk}/csv/"))
    assert rows[1] == ["2026-01-01", "'=HYPERLINK(\"x\")", "'@SUM(A1)", "'-1+2", "plain"]


def test_the_csv_streams_a_hundred_thousand_rows(admin, account) -> None:
    job = Job.objects.create(account=account, kind="report.daily", status="succeeded",
                             params={"type": "daily", "windows": []}, result={"rows": 100_000})
    ReportRow.objects.bulk_create(
        (ReportRow(job=job, position=n, data={"date": "2026-01-01", "meetings": n}) for n in range(100_000)),
        batch_size=5000,
    )
    response = client_for(admin).get(f"/reports/{job.pk}/csv/")
    assert response.streaming
    assert len(csv_rows(response)) == 100_001


def test_cancel_and_rerun_from_the_pages(northwind) -> None:
    admin = northwind.web()
    start, end = last_full_months(1)
    admin.post("/reports/new/active_hosts/", {"start": start, "end": end})
    job = Job.objects.get(kind="report.active_hosts")
    admin.post(f"/reports/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == Job.Status.CANCELLED
    response = admin.post(f"/reports/{job.pk}/rerun/")
    again = Job.objects.exclude(pk=job.pk).get(kind="report.active_hosts")
    assert response["Location"] == f"/reports/{again.pk}/" and again.params["start"] == start


@pytest.mark.usefixtures("connected_northwind")
def test_another_accounts_run_is_not_found(zoom, northwind, run_report, outsider) -> None:
    start, end = last_full_months(1)
    job = run_report(northwind.account, "daily", start=start, end=end)
    assert client_for(outsider).get(f"/reports/{job.pk}/").status_code == 404


@pytest.mark.usefixtures("connected_northwind")
def test_the_overview_draws_the_last_30_days_from_a_cached_snapshot(zoom, northwind) -> None:
    admin = northwind.web()
    admin.get("/")  # a stale overview enqueues the refresh job; the page itself calls no Zoom
    job = Job.objects.get(kind="report.overview")
    jobs.run(job.pk)
    zoom.reset_calls()
    page = admin.get("/").content.decode()
    assert page.count('data-testid="overview-chart"') == 3 and "in progress" in page
    assert zoom.calls() == {}


@pytest.mark.usefixtures("connected_northwind")
def test_the_overview_says_plainly_when_the_plan_has_no_live_meetings(zoom, northwind) -> None:
    zoom.set_limits(plan="pro")
    from apps.jobs import services as job_services

    job, _ = job_services.enqueue("report.overview", northwind.account, key="overview")
    job_services.run(job.pk)
    page = northwind.web().get("/").content.decode()
    assert "need a Zoom Business plan or higher" in page
