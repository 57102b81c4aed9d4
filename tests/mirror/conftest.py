from __future__ import annotations

import pytest

from apps.jobs import services
from apps.jobs.models import Job
from tests.conftest import wait_for


@pytest.fixture
def run_sync():
    """Run a sync job of the account in this process, as a worker would, and return it."""

    def _run(kind: str, account, **params) -> Job:
        job, _ = services.enqueue(kind, account, key=params.pop("key", ""), params=params)
        services.run(job.pk)
        # In transaction tests a worker of the session may claim the job first: wait for its end.
        wait_for(lambda: not Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).exists())
        job.refresh_from_db()
        return job

    return _run
