"""A resumed bulk job or import asks Zoom whether the write its last worker was sending when it
died took effect, and sends that row only if it did not."""

from __future__ import annotations

import pytest

from apps.accounts.models import AuditEvent
from apps.jobs import services
from apps.jobs.models import Job
from apps.sandbox import demo
from apps.users import bulk
from apps.users.models import ZoomUser
from apps.zoom.endpoints import users as zoom_users


def resumed_job(northwind, kind: str, params: dict) -> Job:
    """A job as a dead worker left it: claimed once, its checkpoint at the first row."""
    return Job.objects.create(account=northwind.account, kind=kind, key="resumed", params=params, attempts=1,
                              checkpoint={"next": 0, "results": []}, created_by=northwind.admin)


@pytest.mark.django_db
def test_a_resumed_import_does_not_send_again_the_user_its_last_worker_created(connected_northwind, zoom):
    northwind = connected_northwind
    rows = [{"line": n + 2, "email": f"resumed.{n}@{demo.DEMO_DOMAIN}", "first_name": "Re",
             "last_name": f"Sumed {n}", "type": 1, "dept": "", "action": "custCreate"} for n in range(2)]
    # The first row reached Zoom; its worker died before the checkpoint said so.
    zoom_users.create_user(northwind.zoom, action="custCreate",
                           user_info={"email": rows[0]["email"], "type": 1, "first_name": "Re"})
    job = resumed_job(northwind, bulk.IMPORT_KIND, {"rows": rows})
    zoom.reset_calls()
    assert services.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert zoom.calls().get("POST /v2/users") == 1  # only the second row
    assert job.result["succeeded"] == 2 and [r["email"] for r in job.result["results"]] == [r["email"] for r in rows]
    assert list(AuditEvent.objects.filter(action="user.created").values_list("target_id", flat=True)) == \
        [rows[1]["email"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("synced_northwind")
def test_a_resumed_bulk_change_sends_only_what_zoom_has_not_applied(northwind, zoom):
    members = list(ZoomUser.objects.filter(account=northwind.account, status=ZoomUser.Status.ACTIVE)
                   .exclude(email__startswith="owner@").exclude(email__startswith="admin@").order_by("email")[:2])
    zoom_users.set_user_status(northwind.zoom, members[0].zoom_id, action="deactivate")  # the dead worker's write
    job = resumed_job(northwind, bulk.BULK_KIND,
                      {"action": "deactivate", "type": None, "zoom_ids": [u.zoom_id for u in members]})
    zoom.reset_calls()
    assert services.run(job.pk) == "succeeded"
    job.refresh_from_db()
    assert zoom.calls().get("PUT /v2/users/{userId}/status") == 1
    assert job.result["succeeded"] == 2
    assert set(ZoomUser.objects.filter(pk__in=[u.pk for u in members]).values_list("status", flat=True)) == {"inactive"}


@pytest.mark.django_db
@pytest.mark.usefixtures("synced_northwind")
def test_a_first_run_sends_every_row_without_asking_first(northwind, zoom):
    member = (ZoomUser.objects.filter(account=northwind.account, status=ZoomUser.Status.ACTIVE)
              .exclude(email__startswith="owner@").exclude(email__startswith="admin@").order_by("email").first())
    job = bulk.start_bulk(northwind.account, [member.zoom_id], "deactivate", None, northwind.admin)
    zoom.reset_calls()
    assert services.run(job.pk) == "succeeded"
    calls = zoom.calls()
    assert calls.get("PUT /v2/users/{userId}/status") == 1 and calls.get("GET /v2/users/{userId}") == 1  # the re-read
