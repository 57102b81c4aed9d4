"""Issue 16: a role needs an active Zoom user of the account (unless external). Zoom says who is
deactivated, removed or disassociated, through a webhook or the users sync; from the person's next
request on they have no access to that account. Everything through HTTP and the sandbox."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from apps.accounts.models import AuditEvent, Membership, Role, UserSession
from apps.jobs import services as jobs
from apps.sandbox import demo
from apps.webhooks import services
from apps.webhooks.models import WebhookEvent
from tests.accounts.test_signin import login_app, sign_in  # noqa: F401 (a fixture)

from .conftest import SECRET, post_signed, zoom_event


@pytest.fixture
def member(connected_northwind, login_app, admin_client):  # noqa: F811
    """Northwind's Zoom member, signed in with the user-managed app and granted viewer by an admin;
    the connection's app takes Zoom's signed events."""
    app = connected_northwind.connection.zoom_oauth_app
    app.webhook_secret_token = SECRET
    app.save(update_fields=["webhook_secret_token"])
    client = Client()
    sign_in(client, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    admin_client.post("/settings/roles/", {"email": demo.DEMO_MEMBER_EMAIL, "role": Role.VIEWER})
    assert client.get("/").status_code == 200
    client.zoom_id = SocialAccount.objects.get(user__email=demo.DEMO_MEMBER_EMAIL).uid
    return client


def zoom_says(northwind, event: str, zoom_id: str) -> WebhookEvent:
    """Zoom's event arrives signed at the endpoint; the worker applies it."""
    body = zoom_event(northwind.account.zoom_account_id, event, {"id": zoom_id})
    assert post_signed(Client(), body).status_code == 200
    stored = WebhookEvent.objects.get(event_type=event)
    services.process(stored.pk)
    stored.refresh_from_db()
    assert stored.status == "applied", stored.status
    return stored


def signed_out(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_member_deactivated_at_zoom_is_signed_out_at_their_next_request_after_the_webhook(
    connected_northwind, member
):
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    role = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert role.suspended_at is not None
    assert signed_out(member)
    assert AuditEvent.objects.filter(action="role.suspended", target_label=demo.DEMO_MEMBER_EMAIL).exists()


@pytest.mark.django_db
def test_when_it_was_their_only_role_they_are_signed_out_everywhere(connected_northwind, member, login_app):  # noqa: F811
    # A second browser of theirs (signed in while still active).
    second = Client()
    assert sign_in(second, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0]).status_code == 200
    user = SocialAccount.objects.get(uid=member.zoom_id).user
    assert UserSession.objects.filter(user=user).count() == 2
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    assert signed_out(member)
    assert not UserSession.objects.filter(user=user).exists()  # every session of theirs ended at once
    assert signed_out(second)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["disassociate", "delete"])
def test_a_member_removed_from_the_zoom_account_loses_access(connected_northwind, member, action):
    connected_northwind.zoom.call("DELETE", "/users/{userId}", userId=member.zoom_id, params={"action": action})
    zoom_says(connected_northwind, "user.deleted" if action == "delete" else "user.disassociated", member.zoom_id)
    assert signed_out(member)


@pytest.mark.django_db
def test_reactivated_at_zoom_the_role_comes_back(connected_northwind, member):
    zoom = connected_northwind.zoom
    zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id, json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id, json={"action": "activate"})
    zoom_says(connected_northwind, "user.activated", member.zoom_id)
    assert Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL).suspended_at is None


@pytest.mark.django_db
def test_with_a_role_elsewhere_only_that_account_is_dropped_from_the_session(connected_northwind, member):
    other = connected_northwind.other_account
    user = SocialAccount.objects.get(uid=member.zoom_id).user
    Membership.objects.create(account=other, email=demo.DEMO_MEMBER_EMAIL, user=user, role=Role.VIEWER,
                              external=True)
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    page = member.get("/")
    assert page.status_code == 200
    assert other.name.encode() in page.content
    assert member.session.get("zoom_account_pk") != connected_northwind.account.pk


@pytest.mark.django_db
def test_an_external_role_lasts_whatever_zoom_says(connected_northwind, member, admin_client):
    role = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert admin_client.post(f"/settings/roles/{role.pk}/", {"external": "1"}).status_code == 302
    assert AuditEvent.objects.filter(action="role.external", target_label=demo.DEMO_MEMBER_EMAIL).exists()
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    assert member.get("/").status_code == 200
    assert b"External" in admin_client.get("/settings/roles/").content


@pytest.mark.django_db
def test_a_suspended_role_shows_on_the_roles_page_and_marking_it_external_lifts_it(connected_northwind, member,
                                                                                   admin_client):
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    zoom_says(connected_northwind, "user.deactivated", member.zoom_id)
    assert b"Suspended" in admin_client.get("/settings/roles/").content
    role = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    admin_client.post(f"/settings/roles/{role.pk}/", {"external": "1"})
    role.refresh_from_db()
    assert role.external and role.suspended_at is None


@pytest.mark.django_db
def test_an_admin_grants_an_external_role(account, admin_client):
    admin_client.post("/settings/roles/", {"email": "guest@partner.example", "role": Role.VIEWER, "external": "on"})
    assert Membership.objects.get(account=account, email="guest@partner.example").external


@pytest.mark.django_db
def test_the_users_sync_suspends_the_role_of_a_deactivated_member(connected_northwind, member):
    connected_northwind.zoom.call("PUT", "/users/{userId}/status", userId=member.zoom_id,
                                  json={"action": "deactivate"})
    job, _ = jobs.enqueue("sync.users", connected_northwind.account)
    assert jobs.run(job.pk) == "succeeded"
    assert signed_out(member)


@pytest.mark.django_db
def test_at_sign_in_a_role_in_another_zoom_account_is_suspended(connected_northwind, member, login_app):  # noqa: F811
    other = connected_northwind.other_account
    held = Membership.objects.create(account=other, email=demo.DEMO_MEMBER_EMAIL, zoom_user_id=member.zoom_id,
                                     role=Role.ADMIN)
    again = Client()
    assert sign_in(again, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0]).status_code == 200
    held.refresh_from_db()
    assert held.suspended_at is not None  # /users/me says the member belongs to Northwind only
    assert Membership.objects.get(account=connected_northwind.account, email=demo.DEMO_MEMBER_EMAIL).is_active
    assert b"Northwind" in again.get("/").content
