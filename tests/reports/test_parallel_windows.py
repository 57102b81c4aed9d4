"""Windows fetched side by side (outside a transaction, as in a worker): the same rows as
one at a time, and a run stopped mid-way by Zoom errors resumes with the same rows."""

from __future__ import annotations

import pytest

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.reports import services
from apps.reports.models import ReportWindow
from apps.reports.types import TYPES
from apps.zoom.errors import ZoomTemporaryError
from tests.conftest import run_here

from .conftest import last_full_months, row_data

pytestmark = pytest.mark.django_db(transaction=True)


def run(account, **form) -> Job:
    job = services.start(account, None, TYPES["active_hosts"], form)
    run_here(job.pk)
    job.refresh_from_db()
    return job


def test_windows_fetched_side_by_side_give_the_same_rows(zoom, connect, settings) -> None:
    zoom.reset(users=1500)
    account = connect().account
    start, end = last_full_months(4)
    settings.REPORT_WINDOW_THREADS = 4
    parallel = run(account, start=start, end=end)
    assert parallel.status == Job.Status.SUCCEEDED and parallel.result["windows"] == 4
    ReportWindow.objects.all().delete()
    settings.REPORT_WINDOW_THREADS = 1
    sequential = run(account, start=start, end=end)
    assert row_data(parallel) == row_data(sequential) and len(row_data(parallel)) > 300


def test_a_parallel_run_stopped_by_errors_resumes_with_the_same_rows(zoom, connect, settings) -> None:
    zoom.reset(users=1500)
    account = connect().account
    settings.ZOOM_RETRY_ATTEMPTS = 1
    settings.REPORT_WINDOW_THREADS = 3
    start, end = last_full_months(4)
    zoom.add_fault(500, count=10, fail_after_pages=3)
    job = services.start(account, None, TYPES["active_hosts"], {"start": start, "end": end})
    with pytest.raises(ZoomTemporaryError):
        jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.checkpoint["pages"] >= 3
    zoom.clear_faults()
    assert jobs.run(job.pk) == "succeeded"
    job.refresh_from_db()
    resumed = row_data(job)
    ReportWindow.objects.all().delete()
    assert row_data(run(account, start=start, end=end)) == resumed
