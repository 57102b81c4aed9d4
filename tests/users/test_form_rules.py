"""Every form rule is checked before any Zoom call: bad input is a field error, Zoom hears nothing."""

from __future__ import annotations

import pytest

from apps.sandbox import demo
from apps.users.forms import check_password
from apps.users.models import ZoomUser

pytestmark = pytest.mark.django_db

GOOD = {"action": "custCreate", "email": "new.person@northwind.example", "first_name": "New", "last_name": "Person",
        "type": "1", "dept": "Sales", "password": ""}


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize(("change", "field"), [
    ({"email": "not-an-email"}, "email"),
    ({"email": ""}, "email"),
    ({"email": "x" * 120 + "@northwind.example"}, "email"),
    ({"first_name": "F" * 65}, "first_name"),
    ({"last_name": "L" * 65}, "last_name"),
    ({"dept": "D" * 65}, "dept"),
    ({"type": "3"}, "type"),
    ({"type": "99"}, "type"),  # "None" is only for SSO pre-provisioning
    ({"action": "autoCreate"}, "password"),  # autoCreate needs a password
    ({"action": "autoCreate", "password": "short1A"}, "password"),
    ({"action": "autoCreate", "password": "alllowercase1"}, "password"),
    ({"action": "autoCreate", "password": "NoDigitsHere"}, "password"),
    ({"password": "Secret123x"}, "password"),  # other actions take no password
    ({"action": "sudo"}, "action"),
    ({"email": demo.DEMO_MEMBER_EMAIL}, "email"),  # already in the mirror
])
def test_adding_a_user_with_bad_input_shows_a_field_error_and_calls_no_zoom(northwind, mirrored, zoom_seam,
                                                                             change, field):
    response = northwind.web().post("/users/add/", {**GOOD, **change})
    assert response.status_code == 200
    assert errors_of(response, field), response.context["form"].errors
    assert zoom_seam.untouched
    assert not ZoomUser.objects.filter(account=northwind.account, email=GOOD["email"]).exists()


@pytest.mark.parametrize("password", ["11111111", "abcdefgh", "12345678", "Aa1" * 11 + "x"])
def test_zooms_password_rules_are_checked_locally(password):
    assert check_password(password)


def test_a_good_password_passes():
    assert check_password("Blue7Harbor") == []


@pytest.mark.parametrize(("change", "field"), [
    ({"first_name": "F" * 65}, "first_name"),
    ({"dept": "D" * 65}, "dept"),
    ({"type": "7"}, "type"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
])
def test_editing_with_bad_input_shows_a_field_error_and_calls_no_zoom(northwind, mirrored, zoom_seam, change, field):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    data = {"first_name": member.first_name, "last_name": member.last_name, "type": member.type, "dept": "",
            "timezone": "", **change}
    response = northwind.web().post(f"/users/{member.zoom_id}/edit/", data)
    assert response.status_code == 200
    assert errors_of(response, field)
    assert zoom_seam.untouched


def test_the_transfer_target_must_be_another_active_user_of_the_account(northwind, mirrored, zoom_seam):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    inactive = ZoomUser.objects.filter(account=northwind.account, status="active").exclude(pk=member.pk).last()
    inactive.status = "inactive"
    inactive.save()
    web = northwind.web()
    for target, expected in [(member.email, "another user"), (inactive.email, "active user"),
                             ("stranger@elsewhere.example", "No user"), ("", "Pick the user")]:
        response = web.post(f"/users/{member.zoom_id}/remove/", {"action": "delete", "transfer_meetings": "on",
                                                                  "transfer_to": target})
        assert response.status_code == 200
        assert any(expected in e for e in errors_of(response, "transfer_to")), (target, response.context["form"].errors)
    assert zoom_seam.untouched
    assert ZoomUser.objects.filter(pk=member.pk).exists()


def test_a_pending_user_can_only_be_disassociated(northwind, mirrored, zoom_seam):
    pending = northwind.user("late@northwind.example")
    assert pending.status == "pending"
    response = northwind.web().post(f"/users/{pending.zoom_id}/remove/", {"action": "delete"})
    assert errors_of(response, "action")
    assert zoom_seam.untouched


def test_removing_a_user_from_a_group_they_are_not_in_is_refused_locally(northwind, mirrored, zoom_seam):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    response = northwind.web().post(f"/users/{member.zoom_id}/group/", {"group": "not-a-group", "op": "remove"})
    assert response.status_code == 200
    assert response.context["group_form"].errors["group"]
    assert zoom_seam.untouched


def test_the_owner_role_cannot_be_chosen(northwind, mirrored, zoom_seam):
    member = northwind.user(demo.DEMO_MEMBER_EMAIL)
    response = northwind.web().post(f"/users/{member.zoom_id}/role/", {"role": "0"})
    assert response.context["role_form"].errors["role"]
    assert zoom_seam.untouched
