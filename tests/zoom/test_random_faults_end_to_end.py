"""With 20% random faults (seeded: 429s, 5xx, dropped connections, some after the write was
applied), a full sync, a decision on 200 registrants and two reports end as they do without
faults. The client retries each call (reads and safe writes, up to ZOOM_RETRY_ATTEMPTS); a job
that still meets a temporary error goes back to the queue and is run again from its checkpoint
(as the worker's autoretry does, up to JOB_MAX_ATTEMPTS)."""

from __future__ import annotations

import pytest
from django.conf import settings

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.meetings.models import Meeting
from apps.registrants.decide import start_decision
from apps.registrants.models import Registrant
from apps.reports import services as reports
from apps.reports.models import ReportWindow
from apps.reports.types import TYPES
from apps.users.models import ZoomGroup, ZoomUser
from apps.webinars.models import Webinar
from apps.zoom.errors import ZoomTemporaryError
from tests.registrants.conftest import create_event, mirror_pending, register, zoom_statuses
from tests.reports.conftest import last_full_months, row_data

pytestmark = pytest.mark.django_db(transaction=True)  # event details are fetched by a thread pool

FAULTS = {"seed": 17, "rate": 0.2, "mix": {"429": 1, "500": 1, "503": 1, "drop": 1}}


def run_to_the_end(job: Job) -> Job:
    """Run the job as a worker would: again after a temporary error, up to JOB_MAX_ATTEMPTS."""
    for _ in range(settings.JOB_MAX_ATTEMPTS):
        try:
            jobs.run(job.pk)
        except ZoomTemporaryError:
            continue
        break
    job.refresh_from_db()
    return job


def full_sync(account) -> list[Job]:
    done = []
    for kind in ("sync.users", "sync.groups", "sync.meetings", "sync.webinars"):
        job, _ = jobs.enqueue(kind, account)
        done.append(run_to_the_end(job))
    return done


def mirror(account) -> dict[str, list]:
    return {
        "users": sorted(ZoomUser.objects.filter(account=account).values_list("zoom_id", "email", "status", "type")),
        "groups": sorted(ZoomGroup.objects.filter(account=account).values_list("zoom_id", "name")),
        "meetings": sorted(Meeting.objects.filter(account=account).values_list("zoom_id", "topic", "host_zoom_id")),
        "webinars": sorted(Webinar.objects.filter(account=account).values_list("zoom_id", "topic", "host_zoom_id")),
    }


def two_reports(account) -> list[list[dict]]:
    start, end = last_full_months(2)
    rows = []
    for slug in ("active_hosts", "inactive_hosts"):
        job = run_to_the_end(reports.start(account, None, TYPES[slug], {"start": start, "end": end}))
        assert job.status == Job.Status.SUCCEEDED, job.error
        rows.append(row_data(job))
    return rows


# 5: the default, the client's retries absorb nearly everything; 2: fewer, so that jobs meet
# temporary errors and are run again from their checkpoints (a sync took two attempts when written).
@pytest.mark.parametrize("client_attempts", [5, 2])
def test_a_sync_a_decision_on_200_registrants_and_two_reports_end_the_same_with_20_percent_faults(
        northwind, zoom, connect, settings, client_attempts):
    settings.ZOOM_RETRY_BASE, settings.ZOOM_RETRY_CAP = 0.01, 0.05
    settings.ZOOM_RETRY_ATTEMPTS = client_attempts
    zoom.reset(meetings=3, registrants=2)
    northwind.connection = connect()
    account, client = northwind.account, northwind.zoom
    event = create_event(client, account, topic="Two hundred")
    register(client, event, [f"guest{i}@partner.example" for i in range(200)])
    mirror_pending(client, event)
    ids = list(Registrant.objects.filter(meeting=event).values_list("pk", flat=True))
    assert len(ids) == 200

    zoom.random_faults(retry_after=0, after_write=True, **FAULTS)
    zoom.reset_calls()
    synced = full_sync(account)
    decision = run_to_the_end(start_decision(account, ids, "approve"))
    faulted_reports = two_reports(account)
    faulted_mirror = mirror(account)
    calls_with_faults = sum(zoom.calls().values())
    zoom.clear_faults()

    assert all(job.status == Job.Status.SUCCEEDED for job in synced), [job.error for job in synced]
    assert decision.status == Job.Status.SUCCEEDED, decision.error
    assert decision.result["decided"] == 200 and decision.result["failed"] == []
    assert len(zoom_statuses(client, event, "approved")) == 200
    assert set(Registrant.objects.filter(meeting=event).values_list("status", flat=True)) == {"approved"}

    # The same again without faults: the mirror does not change, the reports give the same rows.
    zoom.reset_calls()
    assert all(job.status == Job.Status.SUCCEEDED for job in full_sync(account))
    assert mirror(account) == faulted_mirror and faulted_mirror["users"] and faulted_mirror["meetings"]
    ReportWindow.objects.all().delete()  # fetch every window again, this time without faults
    assert two_reports(account) == faulted_reports and faulted_reports[0]
    assert calls_with_faults > sum(zoom.calls().values())  # the faults were met (and retried)
