from __future__ import annotations

import datetime as dt

import pytest

from apps.accounts.models import ZoomAccount
from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.reports import services
from apps.reports.models import ReportRow
from apps.reports.types import TYPES
from apps.reports.windows import add_months, zoom_today


def last_full_months(n: int) -> tuple[str, str]:
    """The last ``n`` whole calendar months before this one (all in the past)."""
    first_this = zoom_today(dt.datetime.now(dt.UTC)).replace(day=1)
    return add_months(first_this, -n).isoformat(), (first_this - dt.timedelta(days=1)).isoformat()


@pytest.fixture
def run_report():
    """Start a report and run its job in this process, as a worker would."""

    def _run(account: ZoomAccount, slug: str, **form) -> Job:
        job = services.start(account, None, TYPES[slug], form)
        jobs.run(job.pk)
        job.refresh_from_db()
        return job

    return _run


def row_data(job: Job) -> list[dict]:
    return list(ReportRow.objects.filter(job=job).order_by("position").values_list("data", flat=True))
