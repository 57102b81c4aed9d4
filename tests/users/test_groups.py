"""Groups by name: a sync job mirrors GET /groups, and the pages name groups instead of ids."""

from __future__ import annotations

from unittest import mock

import pytest

from apps.jobs import services as jobs
from apps.sandbox import demo
from apps.users.models import ZoomGroup, ZoomUser
from apps.zoom.client import ZoomClient
from apps.zoom.errors import ZoomRefused

from .conftest import run_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups_synced(synced_northwind):
    """The users' "Sync now" (and a full sync) runs this job next to the users' own."""
    job, _ = jobs.enqueue("sync.groups", synced_northwind.account)
    run_job(job)


def at_zoom(northwind) -> dict[str, str]:
    return {g["id"]: g["name"] for g in northwind.zoom.paginate("/groups", "groups")}


def test_the_groups_sync_mirrors_the_groups_with_their_names(northwind):
    groups = at_zoom(northwind)
    assert groups and dict(ZoomGroup.objects.filter(account=northwind.account)
                           .values_list("zoom_id", "name")) == groups
    member = next(u for u in ZoomUser.objects.filter(account=northwind.account) if u.group_ids)
    page = northwind.web().get(f"/users/{member.zoom_id}/").content.decode()
    assert groups[member.group_ids[0]] in page


def test_the_group_filter_and_the_group_form_offer_names(northwind):
    groups = at_zoom(northwind)
    gid, name = next(iter(groups.items()))
    listing = northwind.web().get(f"/users/?group={gid}").content.decode()
    assert f'<option value="{gid}" selected>{name}</option>' in listing
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    form = northwind.web().get(f"/users/{member.zoom_id}/edit/").context["group_form"]
    assert dict(form.fields["group"].widget.choices)[gid] == name


def test_the_users_sync_now_button_and_a_full_sync_start_the_groups_sync(northwind):
    from apps.jobs.models import Job
    from apps.mirror.schedule import chain_after, start_sync

    Job.objects.filter(kind="sync.groups").delete()
    start_sync(northwind.account, "users")
    assert Job.objects.filter(kind="sync.groups", status__in=Job.ACTIVE).count() == 1
    Job.objects.filter(kind="sync.groups").delete()
    chain_after(Job.objects.filter(kind="sync.users").first())
    assert set(Job.objects.filter(status__in=Job.ACTIVE).values_list("kind", flat=True)) >= {
        "sync.meetings", "sync.webinars", "sync.groups"}


def test_a_group_zoom_no_longer_lists_leaves_the_mirror_at_the_next_sync(northwind):
    stale = ZoomGroup.objects.create(account=northwind.account, zoom_id="gone-at-zoom", name="Old team",
                                     synced_at=ZoomGroup.objects.first().synced_at)
    job, _ = jobs.enqueue("sync.groups", northwind.account)
    run_job(job)
    assert not ZoomGroup.objects.filter(pk=stale.pk).exists()
    assert job.result["groups"] == len(at_zoom(northwind)) == ZoomGroup.objects.count()


def test_an_account_zoom_lists_no_groups_for_keeps_ids_and_a_typed_group(northwind):
    """Zoom lists groups for paid accounts only ("Only available for paid accounts", code 200)."""
    ZoomGroup.objects.filter(account=northwind.account).delete()
    real_pages = ZoomClient.pages

    def pages(self, path, *args, **kwargs):
        if path == "/groups":
            raise ZoomRefused("Only available for paid accounts.", status=400, code=200)
        return real_pages(self, path, *args, **kwargs)

    with mock.patch.object(ZoomClient, "pages", pages):
        job, _ = jobs.enqueue("sync.groups", northwind.account)
        run_job(job)
    assert job.status == "succeeded" and job.result["groups"] is None
    assert not ZoomGroup.objects.filter(account=northwind.account).exists()
    member = next(u for u in ZoomUser.objects.filter(account=northwind.account) if u.group_ids)
    assert member.group_ids[0] in northwind.web().get(f"/users/{member.zoom_id}/").content.decode()
    form = northwind.web().get(f"/users/{member.zoom_id}/edit/").context["group_form"]
    assert form.fields["group"].label == "Group ID"


def test_the_export_names_each_users_groups(northwind):
    import csv
    import io

    groups = at_zoom(northwind)
    member = next(u for u in ZoomUser.objects.filter(account=northwind.account) if u.group_ids)
    response = northwind.web().get(f"/users/export/?q={member.email}")
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row[header.index("groups")] == "; ".join(groups[g] for g in member.group_ids)
    assert row[header.index("group_ids")] == " ".join(member.group_ids)
