from __future__ import annotations

import pytest

from apps.jobs import services
from apps.jobs.models import Job
from tests.conftest import run_here


@pytest.fixture
def run_sync():
    """Run a sync job of the account in this process, as a worker would, and return it."""

    def _run(kind: str, account, **params) -> Job:
        job, _ = services.enqueue(kind, account, key=params.pop("key", ""), params=params)
        run_here(job.pk)
        job.refresh_from_db()
        return job

    return _run
