"""Writes go to Zoom (the sandbox) first, then the mirror follows Zoom's answer, and each is audited."""

from __future__ import annotations

from unittest import mock

import pytest

from apps.accounts.models import AuditEvent
from apps.sandbox import demo
from apps.users.models import ZoomUser
from apps.zoom.client import ZoomClient
from apps.zoom.errors import ZoomRefused

pytestmark = pytest.mark.django_db


def add(northwind, **data):
    form = {"action": "custCreate", "email": "new.person@northwind.example", "first_name": "New",
            "last_name": "Person", "type": "1", "dept": "Sales", "password": "", **data}
    return northwind.web().post("/users/add/", form)


@pytest.mark.usefixtures("synced_northwind")
def test_an_admin_adds_a_user_at_zoom_then_in_the_mirror_and_the_audit_log(northwind):
    response = add(northwind)
    user = northwind.user("new.person@northwind.example")
    assert response.status_code == 302 and response["Location"] == f"/users/{user.zoom_id}/"
    at_zoom = northwind.zoom.call("GET", "/users/{userId}", userId=user.zoom_id)
    assert (at_zoom["status"], at_zoom["dept"], user.dept, user.status) == ("active", "Sales", "Sales", "active")
    event = AuditEvent.objects.get(action="user.created")
    assert (event.result, event.target_label, event.actor) == ("ok", user.email, northwind.admin)


@pytest.mark.usefixtures("synced_northwind")
def test_inviting_by_email_leaves_a_pending_user_keyed_as_the_sync_keys_it(northwind):
    add(northwind, action="create", dept="")
    user = northwind.user("new.person@northwind.example")
    assert (user.status, user.zoom_id) == ("pending", "pending:new.person@northwind.example")


@pytest.mark.usefixtures("synced_northwind")
def test_create_with_a_password_sends_it_only_to_zoom(northwind):
    response = add(northwind, action="autoCreate", password="Blue7Harbor")
    assert response.status_code == 302
    assert "Blue7Harbor" not in str(AuditEvent.objects.get(action="user.created").detail)


@pytest.mark.usefixtures("synced_northwind")
def test_a_duplicate_email_at_zoom_is_shown_on_the_email_field(northwind, zoom):
    # Known to Zoom but not (yet) to the mirror: only Zoom can say no.
    ZoomUser.objects.filter(account=northwind.account, email=demo.DEMO_MEMBER_EMAIL).delete()
    response = add(northwind, email=demo.DEMO_MEMBER_EMAIL)
    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert any("already in the account" in e for e in errors)
    event = AuditEvent.objects.get(action="user.created")
    assert (event.result, event.zoom_status, event.zoom_code) == ("failed", 409, 1005)
    assert not ZoomUser.objects.filter(account=northwind.account, email=demo.DEMO_MEMBER_EMAIL).exists()


def test_running_out_of_licences_is_a_clear_message_on_the_type_field(northwind):
    refusal = ZoomRefused("Your request to add a new Licensed user could not be approved at this time because your "
                          "account has reached the permitted maximum number of 5 Licensed users.", status=400,
                          code=2034)
    fake = mock.create_autospec(ZoomClient, instance=True)
    fake.call.side_effect = refusal
    with mock.patch("apps.users.services.client_for", autospec=True, return_value=fake):
        response = add(northwind, type="2")
    errors = response.context["form"].errors["type"]
    assert any(e.startswith("No Licensed seat is free") and "maximum number of 5" in e for e in errors)


def licensed_at_zoom(northwind) -> int:
    return northwind.zoom.call("GET", "/users/summary")["licensed_users_count"]


@pytest.mark.usefixtures("synced_northwind")
def test_with_every_licence_taken_at_zoom_adding_or_upgrading_says_so_and_changes_nothing(northwind, zoom):
    zoom.set_limits(licensed_seats=licensed_at_zoom(northwind))  # the sandbox now refuses one more
    response = add(northwind, type="2")
    errors = response.context["form"].errors["type"]
    assert any(e.startswith("No Licensed seat is free") for e in errors)
    assert not ZoomUser.objects.filter(email="new.person@northwind.example").exists()
    event = AuditEvent.objects.get(action="user.created")
    assert (event.result, event.zoom_status, event.zoom_code) == ("failed", 400, 2034)

    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    assert member.type == 1
    response = northwind.web().post(f"/users/{member.zoom_id}/edit/", {
        "first_name": member.first_name, "last_name": member.last_name, "type": "2", "dept": member.dept,
        "timezone": member.timezone})
    assert any(e.startswith("No Licensed seat is free") for e in response.context["form"].errors["type"])
    assert northwind.zoom.call("GET", "/users/{userId}", userId=member.zoom_id)["type"] == 1
    assert northwind.user(demo.DEMO_MEMBER_EMAIL).type == 1

    assert add(northwind, type="1").status_code == 302  # a Basic user needs no licence
    zoom.set_limits(licensed_seats=None)
    assert add(northwind, type="2", email="licensed@northwind.example").status_code == 302


@pytest.mark.usefixtures("synced_northwind")
def test_editing_sends_only_the_changed_fields_and_refreshes_the_mirror(northwind):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    response = northwind.web().post(f"/users/{member.zoom_id}/edit/", {
        "first_name": "Renamed", "last_name": member.last_name, "type": "2", "dept": "Research",
        "timezone": "Europe/Paris"})
    assert response.status_code == 302
    member.refresh_from_db()
    at_zoom = northwind.zoom.call("GET", "/users/{userId}", userId=member.zoom_id)
    assert (at_zoom["first_name"], at_zoom["type"], at_zoom["dept"], at_zoom["timezone"]) == \
        ("Renamed", 2, "Research", "Europe/Paris")
    assert (member.first_name, member.type, member.dept, member.timezone) == \
        ("Renamed", 2, "Research", "Europe/Paris")
    assert sorted(AuditEvent.objects.get(action="user.updated").detail["fields"]) == \
        ["dept", "first_name", "timezone", "type"]


@pytest.mark.usefixtures("synced_northwind")
def test_the_role_changes_through_zooms_roles_endpoint(northwind, zoom):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    response = northwind.web().post(f"/users/{member.zoom_id}/role/", {"role": "1"})
    assert response.status_code == 302
    assert zoom.calls().get("POST /v2/roles/{roleId}/members") == 1
    member.refresh_from_db()
    assert (member.role_id, member.role_name) == ("1", "Admin")


@pytest.mark.usefixtures("synced_northwind")
def test_a_group_change_goes_through_zooms_group_members_endpoints(northwind, zoom):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    other = next(g for g in {g for u in ZoomUser.objects.filter(account=northwind.account) for g in u.group_ids}
                 if g not in member.group_ids)
    response = northwind.web().post(f"/users/{member.zoom_id}/group/", {"group": other, "op": "add"})
    assert response.status_code == 302
    assert zoom.calls().get("POST /v2/groups/{groupId}/members") == 1
    member.refresh_from_db()
    assert other in member.group_ids  # re-read from Zoom
    northwind.web().post(f"/users/{member.zoom_id}/group/", {"group": other, "op": "remove"})
    assert zoom.calls().get("DELETE /v2/groups/{groupId}/members/{memberId}") == 1
    member.refresh_from_db()
    assert other not in member.group_ids


@pytest.mark.usefixtures("synced_northwind")
def test_deactivating_then_activating_changes_the_status_at_zoom(northwind):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    web = northwind.web()
    web.post(f"/users/{member.zoom_id}/status/", {"action": "deactivate"})
    assert northwind.zoom.call("GET", "/users/{userId}", userId=member.zoom_id)["status"] == "inactive"
    member.refresh_from_db()
    assert member.status == "inactive"
    web.post(f"/users/{member.zoom_id}/status/", {"action": "activate"})
    member.refresh_from_db()
    assert member.status == "active"
    assert list(AuditEvent.objects.filter(target_id=member.zoom_id).values_list("action", flat=True)
                .order_by("id")) == ["user.deactivated", "user.activated"]


@pytest.mark.usefixtures("synced_northwind")
def test_the_owner_cannot_be_deactivated_and_zooms_words_are_shown(northwind):
    owner = northwind.user(demo.DEMO_OWNER_EMAIL)
    response = northwind.web().post(f"/users/{owner.zoom_id}/status/", {"action": "deactivate"}, follow=True)
    assert "Zoom refused" in response.content.decode()
    owner.refresh_from_db()
    assert owner.status == "active"
    assert AuditEvent.objects.get(action="user.deactivated").result == "failed"


@pytest.mark.usefixtures("synced_northwind")
def test_deleting_with_transfer_gives_the_meetings_to_the_target_at_zoom(northwind, zoom):
    member, target = northwind.user(demo.DEMO_MEMBER_EMAIL), northwind.user(demo.DEMO_ADMIN_EMAIL)
    made = northwind.zoom.call("POST", "/users/{userId}/meetings", userId=member.zoom_id, json={
        "topic": "Quarterly handover", "type": 2, "start_time": "2027-03-01T15:00:00Z", "duration": 30})
    response = northwind.web().post(f"/users/{member.zoom_id}/remove/", {
        "action": "delete", "transfer_meetings": "on", "transfer_webinars": "on", "transfer_recordings": "on",
        "transfer_to": target.email})
    assert response.status_code == 302
    hosted = list(northwind.zoom.paginate("/users/{userId}/meetings", "meetings", userId=target.zoom_id))
    assert made["id"] in [m["id"] for m in hosted]
    with pytest.raises(ZoomRefused):
        northwind.zoom.call("GET", "/users/{userId}", userId=member.zoom_id)
    assert not ZoomUser.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action="user.deleted")
    assert event.detail["transfer_to"] == target.email and event.detail["meetings"] is True


@pytest.mark.usefixtures("synced_northwind")
def test_re_inviting_a_pending_user_removes_and_invites_again(northwind, zoom):
    add(northwind, action="create", dept="")
    pending = northwind.user("new.person@northwind.example")
    page = northwind.web().get(f"/users/{pending.zoom_id}/reinvite/")
    assert "removes the pending invitation" in page.content.decode()
    response = northwind.web().post(f"/users/{pending.zoom_id}/reinvite/", {"confirm": "yes"})
    assert response.status_code == 302
    assert zoom.calls().get("POST /v2/users") == 2
    assert northwind.user("new.person@northwind.example").status == "pending"
    assert {"user.disassociated", "user.created"} <= set(AuditEvent.objects.values_list("action", flat=True))


def test_a_viewer_reads_but_gets_403_on_every_write(northwind, mirrored, zoom_seam):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    web = northwind.web(northwind.viewer)
    assert web.get("/users/").status_code == 200
    assert web.get(f"/users/{member.zoom_id}/").status_code == 200
    for url in ["/users/add/", f"/users/{member.zoom_id}/edit/", f"/users/{member.zoom_id}/status/",
                f"/users/{member.zoom_id}/remove/", "/users/bulk/", "/users/import/"]:
        assert web.post(url, {"action": "deactivate"}).status_code == 403, url
    assert zoom_seam.untouched


def test_an_approver_has_no_access_to_the_users_pages(northwind, mirrored):
    web = northwind.web(northwind.approver)
    assert web.get("/users/").status_code == 403
    assert web.get(f"/users/{northwind.user(demo.DEMO_MEMBER_EMAIL).zoom_id}/").status_code == 403
