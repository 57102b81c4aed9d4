"""Issue 16: sessions are tracked per user; an admin sees a person's sessions and signs them out everywhere."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import AuditEvent, Membership, UserSession
from apps.sandbox import demo
from tests.accounts.test_signin import sign_in
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def is_signed_out(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def zoom_admin_twice(zoom, account) -> tuple[Client, Client, Membership]:
    """Northwind's Zoom admin, signed in from two browsers."""
    browsers = (Client(HTTP_USER_AGENT="Firefox at the office"), Client(HTTP_USER_AGENT="Safari at home"))
    for browser in browsers:
        assert sign_in(browser, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0]).status_code == 200
    return (*browsers, Membership.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL))


def test_an_admin_sees_a_persons_sessions(zoom_admin_twice, admin_client):
    _, _, membership = zoom_admin_twice
    assert UserSession.objects.filter(user=membership.user).count() == 2
    page = admin_client.get(f"/settings/roles/{membership.pk}/sessions/")
    assert page.status_code == 200
    assert b"Firefox at the office" in page.content and b"Safari at home" in page.content


def test_an_admin_signs_a_person_out_everywhere(zoom_admin_twice, admin_client):
    office, home, membership = zoom_admin_twice
    assert admin_client.post(f"/settings/roles/{membership.pk}/sessions/").status_code == 302
    assert is_signed_out(office) and is_signed_out(home)
    assert not UserSession.objects.filter(user=membership.user).exists()
    event = AuditEvent.objects.get(action="sessions.ended")
    assert event.target_label == demo.DEMO_ADMIN_EMAIL and event.detail == {"sessions": 2}
    assert admin_client.get("/").status_code == 200  # the admin who did it stays signed in


def test_signing_out_forgets_that_session_only(zoom_admin_twice):
    office, home, membership = zoom_admin_twice
    office.post("/accounts/logout/")
    assert UserSession.objects.filter(user=membership.user).count() == 1
    assert home.get("/").status_code == 200


def test_another_accounts_person_is_not_found(admin_client, outsider, other_account):
    membership = Membership.objects.get(account=other_account)
    assert admin_client.get(f"/settings/roles/{membership.pk}/sessions/").status_code == 404
    assert admin_client.post(f"/settings/roles/{membership.pk}/sessions/").status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "approver"])
def test_only_admins_see_sessions(account, admin, persona, request):
    membership = Membership.objects.get(account=account, user=admin)
    client = client_for(request.getfixturevalue(persona))
    assert client.post(f"/settings/roles/{membership.pk}/sessions/").status_code == 403
    assert is_signed_out(client) is False
