"""Issue 16, roles follow Zoom: a removed role stays removed; a role needs an active Zoom user."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Membership, RevokedRole, Role
from apps.sandbox import demo
from tests.accounts.test_signin import sign_in


def update_url(membership: Membership) -> str:
    return f"/settings/roles/{membership.pk}/"


@pytest.mark.django_db
def test_a_zoom_admin_whose_role_was_removed_does_not_get_it_back_at_the_next_sign_in(zoom, account, admin_client):
    zoom_admin = Client()
    assert sign_in(zoom_admin, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0]).status_code == 200
    membership = Membership.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL)
    assert membership.role == Role.ADMIN and membership.zoom_user_id

    assert admin_client.post(update_url(membership), {"remove": "1"}).status_code == 302
    assert zoom_admin.get("/").status_code == 403  # at once, in the session they have

    again = Client()
    page = sign_in(again, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 403 and b"No access" in page.content
    assert not Membership.objects.filter(account=account, email=demo.DEMO_ADMIN_EMAIL).exists()
    assert RevokedRole.objects.filter(account=account, zoom_user_id=membership.zoom_user_id).exists()


@pytest.mark.django_db
def test_granting_again_lifts_the_revocation(zoom, account, admin_client):
    sign_in(Client(), zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    membership = Membership.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL)
    admin_client.post(update_url(membership), {"remove": "1"})

    admin_client.post("/settings/roles/", {"email": demo.DEMO_ADMIN_EMAIL, "role": Role.VIEWER})
    assert not RevokedRole.objects.filter(account=account).exists()
    client = Client()
    assert sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0]).status_code == 200
    granted = Membership.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL)
    assert granted.role == Role.VIEWER  # what the admin granted, not Zoom's admin role
    assert granted.zoom_user_id == membership.zoom_user_id


@pytest.mark.django_db
def test_a_role_removed_before_anyone_claimed_it_is_not_granted_by_a_zoom_admins_sign_in(zoom, account, admin_client):
    admin_client.post("/settings/roles/", {"email": demo.DEMO_OWNER_EMAIL, "role": Role.ADMIN})
    membership = Membership.objects.get(account=account, email=demo.DEMO_OWNER_EMAIL)
    admin_client.post(update_url(membership), {"remove": "1"})
    page = sign_in(Client(), zoom.url, demo.DEMO_OWNER_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 403
    assert not Membership.objects.filter(account=account, email=demo.DEMO_OWNER_EMAIL).exists()
