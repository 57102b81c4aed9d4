"""An admin runs a three-month daily usage report in Chromium, with a real worker: the
progress bar reaches done, the chart and the table show, and the CSV holds the same rows."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from apps.jobs.models import Job
from apps.reports.models import ReportRow
from apps.sandbox import demo
from tests.e2e.test_signin_journey import consent_as
from tests.reports.conftest import last_full_months

pytestmark = pytest.mark.django_db(transaction=True)  # the live server and the worker share the test DB


def test_an_admin_runs_a_three_month_daily_report_and_downloads_it(
    page: Page, live_server, zoom, connect, celery_worker_process, console_errors
):
    connect()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_ADMIN_EMAIL)
    expect(page).to_have_url(live_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    page.get_by_role("link", name="Daily usage").click()
    start, end = last_full_months(3)
    page.get_by_label("From").fill(start)
    page.get_by_label("To").fill(end)
    page.get_by_role("button", name="Run report").click()

    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_test_id("run-state")).to_have_text("Succeeded", timeout=60_000)
    bar = page.get_by_test_id("run-progress")
    expect(bar).to_have_attribute("max", "3")
    expect(bar).to_have_attribute("value", "3")
    expect(page.get_by_test_id("report-chart")).to_be_visible()
    assert page.get_by_test_id("report-chart").locator("rect").count() > 80

    job = Job.objects.get(kind="report.daily")
    rows = list(ReportRow.objects.filter(job=job).order_by("position").values_list("data", flat=True))
    assert len(rows) >= 89 and rows[0]["date"] == start and rows[-1]["date"] == end
    table = page.get_by_test_id("report-table")
    expect(table.locator("tbody tr")).to_have_count(50)  # the first page
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text(start)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    with open(download_info.value.path(), encoding="utf-8") as downloaded:
        text = downloaded.read()
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["Date", "New users", "Meetings", "Participants", "Meeting minutes"]
    assert lines[1:] == [[str(r[k]) for k in ("date", "new_users", "meetings", "participants", "meeting_minutes")]
                         for r in rows]
    shown = [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in table.locator("tbody tr").all()]
    assert shown == lines[1:51]
    assert console_errors == []
