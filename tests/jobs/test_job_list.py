"""/jobs/: the account's jobs with their details and a link to each job's page; admins retry a
failed job and cancel an active one."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.accounts.models import AuditEvent
from apps.jobs import services
from apps.jobs.models import Job
from tests.conftest import client_for

steps: list[int] = []


@services.handler("test.steps")
def steps_handler(progress: services.Progress) -> dict:
    for i in range(progress.checkpoint.get("next", 0), 3):
        steps.append(i)
        progress.save(done=i + 1, total=3, checkpoint={"next": i + 1})
    return {}


@pytest.fixture(autouse=True)
def _clear():
    steps.clear()


def failed_job(account, **fields) -> Job:
    return Job.objects.create(account=account, status="failed", finished_at=timezone.now(), **fields)


@pytest.mark.django_db
def test_the_list_shows_each_job_with_who_started_it_and_links_to_its_page(viewer, admin, account, other_account):
    bulk = failed_job(account, kind="users.bulk", key="a", created_by=admin, attempts=5, done=2, total=9,
                      error="Stopped after 5 attempts: the worker died each time.", started_at=timezone.now())
    sync = Job.objects.create(account=account, kind="sync.users", status="running", done=40, attempts=1)
    Job.objects.create(account=other_account, kind="users.bulk", key="theirs", status="failed", error="not yours")
    page = client_for(viewer).get("/jobs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<a href="/users/jobs/{bulk.pk}/">Bulk change of users</a>' in html
    assert "Users sync" in html and f'href="/users/jobs/{sync.pk}/"' not in html  # a sync has no page of its own
    assert admin.email in html and "Stopped after 5 attempts: the worker died each time." in html
    assert "2 / 9" in html and "not yours" not in html
    assert "Retry" not in html and "Cancel" not in html  # a viewer only reads


@pytest.mark.django_db
def test_each_kind_links_to_the_page_its_app_registered(admin, account):
    decision = failed_job(account, kind="registrants.decide", key="d")
    report = failed_job(account, kind="report.daily", key="r")
    html = client_for(admin).get("/jobs/").content.decode()
    assert f'href="/registrants/decisions/{decision.pk}/"' in html and f'href="/reports/{report.pk}/"' in html


@pytest.mark.django_db
def test_the_list_polls_while_a_job_is_active_and_stops_once_none_is(viewer, account):
    job = Job.objects.create(account=account, kind="sync.users", status="running")
    client = client_for(viewer)
    polling = client.get("/jobs/", HTTP_HX_REQUEST="true")
    assert polling.status_code == 200 and b"every 2s" in polling.content and b"<html" not in polling.content
    Job.objects.filter(pk=job.pk).update(status="succeeded")
    assert client.get("/jobs/", HTTP_HX_REQUEST="true").status_code == 286


@pytest.mark.django_db
def test_an_admin_retries_a_failed_job_and_it_goes_on_from_its_checkpoint(admin, account):
    job = failed_job(account, kind="test.steps", attempts=5, checkpoint={"next": 2}, done=2, error="worker died")
    client = client_for(admin)
    assert b"Retry" in client.get("/jobs/").content
    response = client.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    job.refresh_from_db()
    assert job.status == "queued" and job.attempts == 0 and job.error == "" and job.finished_at is None
    assert AuditEvent.objects.filter(action="job.retried", target_id=str(job.pk), actor=admin).exists()
    assert services.run(job.pk) == "succeeded"
    assert steps == [2]


@pytest.mark.django_db
def test_only_a_failed_job_is_retried_and_never_beside_an_active_one_of_its_kind(admin, account):
    client = client_for(admin)
    done = Job.objects.create(account=account, kind="test.steps", key="x", status="succeeded")
    client.post(f"/jobs/{done.pk}/retry/")
    done.refresh_from_db()
    assert done.status == "succeeded"
    failed = failed_job(account, kind="sync.users")
    Job.objects.create(account=account, kind="sync.users", status="running")
    page = client.post(f"/jobs/{failed.pk}/retry/", follow=True)
    assert b"Another Users sync job is queued or running" in page.content
    failed.refresh_from_db()
    assert failed.status == "failed"


@pytest.mark.django_db
def test_an_admin_cancels_a_running_job_and_its_worker_stops_at_its_next_save(admin, account):
    job, _ = services.enqueue("test.steps", account)
    claimed = services.claim(job.pk)
    assert b"Cancel" in client_for(admin).get("/jobs/").content
    assert client_for(admin).post(f"/jobs/{job.pk}/cancel/").status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled" and job.finished_at
    with pytest.raises(services.JobCancelled):
        services.Progress(claimed).save(done=1)
    assert AuditEvent.objects.filter(action="job.cancelled", target_id=str(job.pk)).exists()


@pytest.mark.django_db
def test_viewers_cannot_retry_or_cancel_and_outsiders_cannot_reach_the_job(viewer, outsider, account):
    job = failed_job(account, kind="test.steps")
    assert client_for(viewer).post(f"/jobs/{job.pk}/retry/").status_code == 403
    assert client_for(viewer).post(f"/jobs/{job.pk}/cancel/").status_code == 403
    assert client_for(outsider).post(f"/jobs/{job.pk}/retry/").status_code == 404
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.django_db
def test_the_header_offers_jobs_to_admins(admin, viewer, account):
    assert b'href="/jobs/"' in client_for(admin).get("/").content
    assert b'href="/jobs/"' not in client_for(viewer).get("/").content
