"""The overview's sync panel: Sync now, progress polling, who may do what."""

from __future__ import annotations

import pytest

from apps.accounts.models import AuditEvent
from apps.jobs.models import Job
from tests import factories
from tests.conftest import client_for


@pytest.mark.django_db
def test_an_admin_starts_a_full_sync_and_sees_it_running(admin, account):
    client = client_for(admin)
    page = client.post("/sync/all/", HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    job = Job.objects.get(account=account, kind="sync.users")
    assert job.params == {"chain": True} and job.created_by == admin
    assert b"<progress" in page.content and b"<html" not in page.content
    assert AuditEvent.objects.filter(action="sync.started", account=account).exists()


@pytest.mark.django_db
def test_sync_now_twice_does_not_queue_a_second_job(admin, account):
    client = client_for(admin)
    client.post("/sync/users/")
    client.post("/sync/users/")
    assert Job.objects.filter(account=account, kind="sync.users").count() == 1
    assert Job.objects.filter(account=account, kind="sync.groups").count() == 1  # the groups' names with them


@pytest.mark.django_db
def test_a_failed_groups_sync_shows_on_the_users_row(admin, account):
    from django.utils import timezone

    Job.objects.create(account=account, kind="sync.groups", status="failed", error="Zoom is unavailable",
                       finished_at=timezone.now())
    states = {s.resource: s for s in client_for(admin).get("/").context["sync_states"]}
    assert states["users"].last_error == "Zoom is unavailable" and states["meetings"].last_error == ""


@pytest.mark.django_db
def test_polling_stops_when_nothing_runs(viewer, account):
    response = client_for(viewer).get("/sync/status/?poll=1", HTTP_HX_REQUEST="true")
    assert response.status_code == 286
    assert b"up to date" in response.content or b"never" in response.content


@pytest.mark.django_db
def test_polling_goes_on_while_a_sync_runs(viewer, account):
    Job.objects.create(account=account, kind="sync.meetings", status="running", done=3)
    response = client_for(viewer).get("/sync/status/?poll=1", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"<progress" in response.content


@pytest.mark.django_db
def test_viewers_cannot_start_syncs_and_unknown_resources_are_404(viewer, admin, account):
    assert client_for(viewer).post("/sync/users/").status_code == 403
    assert client_for(admin).post("/sync/everything-else/").status_code == 404
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_the_overview_counts_the_mirrored_rows(admin, account):
    factories.zoom_user(account)
    page = client_for(admin).get("/")
    users = next(s for s in page.context["sync_states"] if s.resource == "users")
    assert users.count == 1


@pytest.mark.django_db
def test_sync_now_on_a_list_returns_to_that_list_and_never_to_another_site(admin, account):
    client = client_for(admin)
    assert client.post("/sync/users/", {"next": "/users/?status=inactive"})["Location"] == "/users/?status=inactive"
    Job.objects.all().delete()
    assert client.post("/sync/users/", {"next": "https://evil.example/"})["Location"] == "/"


@pytest.mark.django_db
def test_the_users_list_offers_sync_now_to_admins_only(admin, viewer, account):
    assert b"Sync now" in client_for(admin).get("/users/").content
    assert b"Sync now" not in client_for(viewer).get("/users/").content


@pytest.mark.django_db
def test_every_list_offers_sync_now_to_admins_and_returns_to_itself(admin, account):
    client = client_for(admin)
    for path in ("/registrants/", "/meetings/", "/webinars/", "/users/"):
        page = client.get(path).content.decode()
        assert 'name="next"' in page and "Sync now" in page, path
