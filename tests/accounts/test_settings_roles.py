"""Settings → People and roles: grant by email, change, remove; the last admin stays."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from apps.accounts.models import AuditEvent, Membership, Role
from apps.connections.signin import link_memberships
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES_URL = "/settings/roles/"


def update_url(membership: Membership) -> str:
    return f"/settings/roles/{membership.pk}/"


def page_text(client) -> str:
    return client.get(ROLES_URL).content.decode()


def test_an_admin_grants_a_role_by_email_and_it_is_audited(account, admin, admin_client):
    response = admin_client.post(ROLES_URL, {"email": " New.Person@Northwind.example ", "role": Role.VIEWER})
    assert response.status_code == 302 and response["Location"] == ROLES_URL
    membership = Membership.objects.get(account=account, email="new.person@northwind.example")
    assert membership.role == Role.VIEWER and membership.user is None and membership.granted_by == admin
    event = AuditEvent.objects.get(action="role.granted")
    assert event.account == account and event.actor == admin and event.target_label == membership.email
    assert event.detail == {"role": Role.VIEWER}
    assert "new.person@northwind.example" in page_text(admin_client)


def test_a_granted_role_is_never_linked_by_a_local_email_alone(account, admin_client):
    admin_client.post(ROLES_URL, {"email": "later@northwind.example", "role": Role.APPROVER})
    user = get_user_model().objects.create_user(username="later", email="Later@northwind.example")
    link_memberships(sender=None, request=RequestFactory().get("/"), user=user)
    membership = Membership.objects.get(email="later@northwind.example")
    # Only the first sign-in of a verified Zoom user of this account claims it (tests/accounts/test_signin.py).
    assert membership.user is None and membership.zoom_user_id == ""


def test_granting_a_role_to_someone_already_in_the_account_is_a_field_error(account, viewer, admin_client):
    response = admin_client.post(ROLES_URL, {"email": viewer.email.upper(), "role": Role.ADMIN})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert "already has the Viewer role" in response.content.decode()
    assert Membership.objects.get(email=viewer.email).role == Role.VIEWER
    assert not AuditEvent.objects.filter(action="role.granted").exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "not-an-email", "role": Role.VIEWER}, "email"),
        ({"email": "", "role": Role.VIEWER}, "email"),
        ({"email": "ok@northwind.example", "role": "superuser"}, "role"),
    ],
)
def test_bad_grant_input_is_a_field_error_and_changes_nothing(account, admin, admin_client, data, field):
    before = Membership.objects.count()
    response = admin_client.post(ROLES_URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Membership.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_an_admin_changes_a_role_and_it_is_audited(account, admin, viewer, admin_client):
    membership = Membership.objects.get(user=viewer)
    response = admin_client.post(update_url(membership), {"role": Role.APPROVER})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.APPROVER
    event = AuditEvent.objects.get(action="role.changed")
    assert event.actor == admin and event.account == account
    assert event.detail == {"from": Role.VIEWER, "to": Role.APPROVER}


def test_an_invalid_role_change_changes_nothing(account, viewer, admin_client):
    membership = Membership.objects.get(user=viewer)
    admin_client.post(update_url(membership), {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert "Choose a valid role" in page_text(admin_client)
    assert not AuditEvent.objects.exists()


def test_an_admin_removes_a_role_and_it_is_audited(account, admin, viewer, admin_client):
    membership = Membership.objects.get(user=viewer)
    response = admin_client.post(update_url(membership), {"remove": "1"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = AuditEvent.objects.get(action="role.removed")
    assert event.actor == admin and event.target_label == viewer.email
    # Without a role the person sees no page of this account any more.
    assert client_for(viewer).get("/").status_code == 403


@pytest.mark.parametrize("data", [{"role": Role.VIEWER}, {"remove": "1"}])
def test_the_last_admin_can_be_neither_demoted_nor_removed(account, admin, viewer, admin_client, data):
    membership = Membership.objects.get(user=admin)
    response = admin_client.post(update_url(membership), data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    assert "An account needs at least one admin." in page_text(admin_client)
    assert not AuditEvent.objects.exists()


def test_an_admin_may_step_down_when_another_admin_remains(account, admin, admin_client):
    Membership.objects.create(account=account, email="second@northwind.example", role=Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    admin_client.post(update_url(membership), {"role": Role.VIEWER})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_another_accounts_membership_is_not_found(account, admin_client, outsider, other_account):
    theirs = Membership.objects.get(user=outsider)
    for data in ({"role": Role.VIEWER}, {"remove": "1"}):
        assert admin_client.post(update_url(theirs), data).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.ADMIN
    assert not AuditEvent.objects.exists()


def test_the_roles_page_lists_only_this_accounts_people(account, admin, outsider, admin_client):
    text = page_text(admin_client)
    assert admin.email in text
    assert outsider.email not in text


@pytest.mark.parametrize("persona", ["viewer", "approver"])
def test_only_admins_may_manage_roles(account, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(ROLES_URL).status_code == 403
    assert client.post(ROLES_URL, {"email": "x@northwind.example", "role": Role.ADMIN}).status_code == 403
    assert not Membership.objects.filter(email="x@northwind.example").exists()
