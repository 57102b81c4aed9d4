"""The table (search, filters, sort, paging, htmx partial, seats cache, export) and bulk jobs."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import AuditEvent
from apps.jobs.models import Job
from apps.sandbox import demo
from apps.users.models import ZoomUser

from .conftest import run_job

pytestmark = pytest.mark.django_db


def emails(response) -> list[str]:
    return [u.email for u in response.context["page"]]


def test_search_filters_and_sort_come_from_the_url(northwind, mirrored):
    web = northwind.web()
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    assert emails(web.get("/users/?q=member@")) == [member.email]
    licensed = ZoomUser.objects.filter(account=northwind.account, type=2, status="active")
    assert sorted(emails(web.get("/users/?type=2&status=active"))) == sorted(u.email for u in licensed)
    count = web.get("/users/count/?type=2&status=active").content.decode()
    assert count.startswith(f"{licensed.count()} user") and "match." in count
    by_email = emails(web.get("/users/?sort=-email"))
    assert by_email == sorted(by_email, reverse=True)
    assert emails(web.get("/users/?role=1")) == [northwind.user(demo.DEMO_ADMIN_EMAIL).email]


def test_the_group_and_department_filters_match_the_mirror(northwind, mirrored):
    grouped = ZoomUser.objects.filter(account=northwind.account).exclude(group_ids=[]).first()
    group = grouped.group_ids[0]
    found = emails(northwind.web().get(f"/users/?group={group}"))
    expected = [u.email for u in ZoomUser.objects.filter(account=northwind.account) if group in u.group_ids]
    assert sorted(found) == sorted(expected)
    dept = grouped.dept or "Sales"
    assert all(u.dept == dept for u in northwind.web().get(f"/users/?dept={dept}").context["page"])


def test_htmx_gets_only_the_table(northwind, mirrored):
    response = northwind.web().get("/users/?q=member", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="users-table"')
    assert "<html" not in body and "HX-Request" in response["Vary"]


@pytest.mark.usefixtures("synced_northwind")
def test_a_page_view_calls_zoom_never_and_seat_counts_at_most_once(northwind, zoom):
    cache.clear()
    web = northwind.web()
    before = zoom.calls()
    web.get("/users/")
    web.get("/users/?page=2")
    assert zoom.calls() == before
    first = web.get("/users/seats/")
    assert "Licensed" in first.content.decode()
    web.get("/users/seats/")
    assert zoom.calls().get("GET /v2/users/summary") == 1
    assert web.get("/users/").context["seats"]["ok"]  # now shown inline, from the cache


def test_the_export_is_the_filtered_table_with_formulas_defused(northwind, mirrored):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    member.dept = "=HYPERLINK(\"http://evil\")"
    member.save()
    response = northwind.web().get("/users/export/?q=member@")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "email" and len(rows) == 2
    assert rows[1][rows[0].index("dept")] == "'=HYPERLINK(\"http://evil\")"


@pytest.mark.usefixtures("synced_northwind")
def test_bulk_deactivation_runs_as_a_job_with_a_result_per_user(northwind):
    owner, member = northwind.user(demo.DEMO_OWNER_EMAIL), northwind.user(demo.DEMO_MEMBER_EMAIL)
    response = northwind.web().post("/users/bulk/", {"action": "deactivate", "ids": [owner.zoom_id, member.zoom_id],
                                                     "filter": "q=x"})
    job = Job.objects.get(kind="users.bulk")
    assert response["Location"] == f"/users/jobs/{job.pk}/?q=x"
    run_job(job)
    results = {r["email"]: r for r in job.result["results"]}
    assert results[member.email]["ok"] and not results[owner.email]["ok"]  # Zoom refuses the owner
    assert (job.result["succeeded"], job.result["failed_count"]) == (1, 1)
    assert northwind.zoom.call("GET", "/users/{userId}", userId=member.zoom_id)["status"] == "inactive"
    page = northwind.web().get(f"/users/jobs/{job.pk}/", headers={"HX-Request": "true"})
    assert page.status_code == 286 and "1 of 2 done" in page.content.decode()


@pytest.mark.usefixtures("synced_northwind")
def test_bulk_on_all_matching_the_filter_changes_the_type(northwind):
    dept_users = ZoomUser.objects.filter(account=northwind.account, type=1).exclude(status="pending")
    dept = dept_users.exclude(dept="").first().dept
    wanted = set(ZoomUser.objects.filter(account=northwind.account, dept=dept).values_list("zoom_id", flat=True))
    asked = {"action": "set_type", "type": "2", "scope": "all", "filter": f"dept={dept}"}
    confirm = northwind.web().post("/users/bulk/", asked)
    # Nothing starts before the count is confirmed; a stale count asks again.
    assert confirm.status_code == 200 and confirm.context["count"] == len(wanted)
    assert f"Change type {len(wanted)} users to Licensed?" in confirm.content.decode()
    assert not Job.objects.filter(kind="users.bulk").exists()
    assert northwind.web().post("/users/bulk/", {**asked, "confirm": str(len(wanted) + 1)}).status_code == 200
    assert not Job.objects.filter(kind="users.bulk").exists()
    northwind.web().post("/users/bulk/", {**asked, "confirm": str(len(wanted))})
    job = Job.objects.get(kind="users.bulk")
    assert set(job.params["zoom_ids"]) == wanted
    run_job(job)
    assert set(ZoomUser.objects.filter(zoom_id__in=wanted).values_list("type", flat=True)) == {2}


@pytest.mark.usefixtures("synced_northwind")
def test_a_csv_import_with_bad_rows_changes_nothing_until_confirmed(northwind, zoom):
    text = ("email,first_name,last_name,type,dept\n"
            "ada@northwind.example,Ada,Lovelace,licensed,Research\n"
            f"{demo.DEMO_MEMBER_EMAIL},Dup,Licate,basic,\n"
            "not-an-email,Bad,Row,basic,\n"
            "grace@northwind.example,Grace,Hopper,platinum,\n"
            "alan@northwind.example,Alan,Turing,1,Research\n")
    before, count = zoom.calls(), ZoomUser.objects.count()
    web = northwind.web()
    preview = web.post("/users/import/", {"file": SimpleUploadedFile("u.csv", text.encode())})
    assert preview.status_code == 200
    assert [r["line"] for r in preview.context["bad"]] == [3, 4, 5]
    assert [r["email"] for r in preview.context["valid"]] == ["ada@northwind.example", "alan@northwind.example"]
    assert zoom.calls() == before and ZoomUser.objects.count() == count
    assert not Job.objects.filter(kind="users.import").exists() and not AuditEvent.objects.exists()

    response = web.post("/users/import/", {"confirm": preview.context["token"]})
    job = Job.objects.get(kind="users.import")
    assert response["Location"] == f"/users/jobs/{job.pk}/"
    run_job(job)
    assert job.result["succeeded"] == 2
    assert northwind.user("ada@northwind.example").type == 2
    assert northwind.user("alan@northwind.example").dept == "Research"


def test_a_tampered_import_confirmation_is_refused(northwind, mirrored, zoom_seam):
    response = northwind.web().post("/users/import/", {"confirm": "forged"})
    assert response.status_code == 302
    assert zoom_seam.untouched and not Job.objects.filter(kind="users.import").exists()


def test_the_transfer_picker_suggests_other_active_users(northwind, mirrored):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    body = northwind.web().get(f"/users/picker/?transfer_to=northwind&exclude={member.zoom_id}").content.decode()
    assert demo.DEMO_ADMIN_EMAIL in body and member.email not in body


@pytest.mark.usefixtures("synced_northwind")
def test_a_bulk_upgrade_past_the_licences_left_fails_per_user_with_the_reason(northwind, zoom):
    licensed = northwind.zoom.call("GET", "/users/summary")["licensed_users_count"]
    zoom.set_limits(licensed_seats=licensed + 1)  # one seat left at Zoom
    basic = list(ZoomUser.objects.filter(account=northwind.account, type=1, status="active")
                 .order_by("email").values_list("zoom_id", flat=True)[:2])
    northwind.web().post("/users/bulk/", {"action": "set_type", "type": "2", "ids": basic})
    job = Job.objects.get(kind="users.bulk")
    run_job(job)
    assert (job.result["succeeded"], job.result["failed_count"]) == (1, 1)
    failure = next(r for r in job.result["results"] if not r["ok"])
    assert failure["message"].startswith("No Licensed seat is free")
    assert ZoomUser.objects.get(zoom_id=failure["zoom_id"]).type == 1
    assert northwind.zoom.call("GET", "/users/summary")["licensed_users_count"] == licensed + 1
