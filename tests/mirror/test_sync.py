"""The mirror follows Zoom (the sandbox) through sync jobs."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from apps.jobs import services
from apps.jobs.models import Job
from apps.meetings.models import Meeting
from apps.registrants.models import Registrant
from apps.registrants.purge import purge_due
from apps.users.models import ZoomUser
from apps.zoom.client import ZoomClient
from apps.zoom.errors import ZoomTemporaryError
from tests.conftest import run_here

USER_FIELDS = ("zoom_id", "email", "first_name", "last_name", "type", "status", "dept", "role_name", "timezone")


def mirror_of_users(account) -> list[tuple]:
    return list(ZoomUser.objects.filter(account=account).order_by("zoom_id").values_list(*USER_FIELDS))


def zoom_user_count(client: ZoomClient) -> int:
    return sum(len(list(client.paginate("/users", "users", params={"status": s}, id_field="email")))
               for s in ("active", "inactive", "pending"))


@pytest.mark.django_db
def test_a_user_created_updated_and_deleted_at_zoom_shows_in_the_mirror(connect, zoom, run_sync):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    assert run_sync("sync.users", account).status == "succeeded"
    assert ZoomUser.objects.filter(account=account).count() == zoom_user_count(client)

    created = client.call("POST", "/users", json={"action": "custCreate", "user_info": {
        "email": "new.hire@northwind.example", "type": 1, "first_name": "New", "last_name": "Hire"}})
    someone, leaver = ZoomUser.objects.filter(account=account, status="active", role_name="Member")[:2]
    client.call("PATCH", "/users/{userId}", json={"dept": "Logistics"}, userId=someone.zoom_id)
    client.call("DELETE", "/users/{userId}", params={"action": "delete"}, userId=leaver.zoom_id)

    assert run_sync("sync.users", account).status == "succeeded"
    assert ZoomUser.objects.get(account=account, zoom_id=created["id"]).email == "new.hire@northwind.example"
    assert ZoomUser.objects.get(pk=someone.pk).dept == "Logistics"
    assert not ZoomUser.objects.filter(pk=leaver.pk).exists()
    assert ZoomUser.objects.filter(account=account).count() == zoom_user_count(client)


@pytest.mark.django_db(transaction=True)  # details are fetched by a thread pool
def test_a_meeting_and_its_registrants_created_updated_and_deleted_at_zoom_show_in_the_mirror(
    connect, zoom, run_sync
):
    zoom.reset(users=6, meetings=4, registrants=20)  # a few hosts and other meetings for the syncs to walk
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    run_sync("sync.users", account)
    host = ZoomUser.objects.filter(account=account, type=2, status="active").first()
    meeting = client.call("POST", "/users/{userId}/meetings", userId=host.zoom_id, json={
        "topic": "Weekly planning", "type": 8, "start_time": "2027-01-04T15:00:00Z", "duration": 45,
        "timezone": "UTC", "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 4},
        "settings": {"approval_type": 1, "registration_type": 1},
    })
    client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                json={"email": "guest@partner.example", "first_name": "Guest"})
    run_sync("sync.meetings", account)
    mirrored = Meeting.objects.get(account=account, zoom_id=meeting["id"])
    assert mirrored.topic == "Weekly planning" and mirrored.occurrences.count() == 4
    assert mirrored.approval_type == 1
    registrant_job = Job.objects.get(kind="sync.registrants", key=f"meeting:{meeting['id']}")
    assert run_here(registrant_job.pk) == "succeeded"
    assert Registrant.objects.get(meeting=mirrored).status == "pending"

    client.call("PATCH", "/meetings/{meetingId}", meetingId=meeting["id"], json={"topic": "Planning"})
    run_sync("sync.meetings", account)
    assert Meeting.objects.get(pk=mirrored.pk).topic == "Planning"

    client.call("DELETE", "/meetings/{meetingId}", meetingId=meeting["id"])
    run_sync("sync.meetings", account)
    assert not Meeting.objects.filter(pk=mirrored.pk).exists()
    assert not Registrant.objects.filter(email="guest@partner.example").exists()


@pytest.mark.django_db
def test_a_sync_that_failed_after_some_pages_resumes_to_exactly_the_uninterrupted_mirror(
    zoom, connect, settings
):
    zoom.reset(users=4500)  # three pages of active users at Zoom's 2000 per page
    conn = connect()
    account = conn.account
    settings.ZOOM_RETRY_ATTEMPTS = 2
    settings.ZOOM_RETRY_BASE = 0.01
    zoom.add_fault(500, count=10, fail_after_pages=2)
    job, _ = services.enqueue("sync.users", account)
    with pytest.raises(ZoomTemporaryError):
        services.run(job.pk)
    job.refresh_from_db()
    assert job.status == "queued" and job.checkpoint["part"] == "users:active" and job.done == 4000
    zoom.clear_faults()
    assert services.run(job.pk) == "succeeded"
    resumed = mirror_of_users(account)

    ZoomUser.objects.filter(account=account).delete()
    fresh, _ = services.enqueue("sync.users", account)
    assert services.run(fresh.pk) == "succeeded"
    assert mirror_of_users(account) == resumed
    assert len(resumed) > 4500 * 0.9


@pytest.mark.django_db(transaction=True)
def test_two_syncs_of_the_same_resource_at_once_do_not_duplicate_rows(zoom, connect):
    zoom.reset(users=300)
    conn = connect()
    account = conn.account
    jobs = [Job.objects.create(account=account, kind="sync.users", key=f"parallel-{i}") for i in range(2)]
    barrier = threading.Barrier(2)

    def run(job_id: int) -> None:
        barrier.wait()
        try:
            services.run(job_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job.pk,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [Job.objects.get(pk=j.pk).status for j in jobs] == ["succeeded", "succeeded"]
    rows = mirror_of_users(account)
    assert len(rows) == len({r[0] for r in rows}) == zoom_user_count(ZoomClient(conn))


@pytest.mark.django_db
def test_the_purge_removes_only_registrants_of_events_that_ended_long_enough_ago(account, settings):
    import datetime as dt

    from django.utils import timezone

    settings.REGISTRANT_RETENTION_DAYS = 30
    now = timezone.now()

    def event(zoom_id: int, ended_days_ago: int | None) -> Meeting:
        ends = None if ended_days_ago is None else now - dt.timedelta(days=ended_days_ago)
        return Meeting.objects.create(account=account, zoom_id=zoom_id, topic=f"m{zoom_id}", type=2,
                                      ends_at=ends, synced_at=now)

    old, recent, upcoming, undated = event(1, 31), event(2, 29), event(3, -5), event(4, None)
    for m in (old, recent, upcoming, undated):
        Registrant.objects.create(account=account, meeting=m, zoom_id=f"r{m.zoom_id}", email=f"p{m.zoom_id}@x.example",
                                  status="approved", synced_at=now)
    assert purge_due() == 1
    assert set(Registrant.objects.values_list("meeting__zoom_id", flat=True)) == {2, 3, 4}


@pytest.mark.django_db
def test_refreshing_one_meeting_or_user_reads_only_that_object(connect, zoom, run_sync):
    from apps.meetings.sync import refresh_meeting
    from apps.users.sync import refresh_user

    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    run_sync("sync.users", account)
    host = ZoomUser.objects.filter(account=account, type=2, status="active").first()
    meeting = client.call("POST", "/users/{userId}/meetings", userId=host.zoom_id, json={
        "topic": "One-off", "type": 2, "start_time": "2027-02-01T10:00:00Z", "duration": 30})
    zoom.reset_calls()
    assert refresh_meeting(account, meeting["id"]).topic == "One-off"
    client.call("PATCH", "/users/{userId}", userId=host.zoom_id, json={"dept": "Events"})
    assert refresh_user(account, host.zoom_id).dept == "Events"
    assert sum(zoom.calls_by_label().get(label, 0) for label in ("Medium", "Heavy")) == 0
    client.call("DELETE", "/meetings/{meetingId}", meetingId=meeting["id"])
    assert refresh_meeting(account, meeting["id"]) is None
    assert not Meeting.objects.filter(account=account, zoom_id=meeting["id"]).exists()
