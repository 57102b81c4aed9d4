"""Sign in with Zoom through allauth, against the sandbox's OAuth endpoints."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client

from apps.accounts.models import AuditEvent, Membership, Role, ZoomAccount, ZoomOAuthConnection
from apps.sandbox import demo
from tests.helpers import authorization_code


def sign_in(client: Client, sandbox_url: str, email: str, client_id: str):
    start = client.post("/accounts/zoom/login/")
    assert start.status_code == 302
    location = start["Location"]
    assert location.startswith(f"{sandbox_url}/oauth/authorize?")
    query = parse_qs(urlsplit(location).query)
    assert query["client_id"] == [client_id]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]  # PKCE
    pkce = {"code_challenge": query["code_challenge"][0], "code_challenge_method": "S256"}
    code = authorization_code(sandbox_url, client_id, email, query["redirect_uri"][0], query["state"][0], **pkce)
    return client.get("/accounts/zoom/login/callback/", {"code": code, "state": query["state"][0]}, follow=True)


@pytest.fixture
def login_app(zoom, settings):
    """A separate user-managed sign-in app, so that members can sign in too."""
    settings.ZOOM_LOGIN_CLIENT_ID, settings.ZOOM_LOGIN_CLIENT_SECRET = demo.USER_APP
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.USER_APP[0], "secret": demo.USER_APP[1]}, "OAUTH_PKCE_ENABLED": True}
    }
    return zoom


@pytest.mark.django_db
def test_a_zoom_admin_signs_in_becomes_admin_and_connects_the_account(zoom):
    client = Client()
    page = sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == "/"
    assert demo.DEMO_ACCOUNT_NAME.encode() in page.content
    account = ZoomAccount.objects.get(name=demo.DEMO_ACCOUNT_NAME)
    membership = Membership.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL)
    assert membership.role == Role.ADMIN and membership.user is not None
    conn = ZoomOAuthConnection.objects.get(account=account)
    assert conn.is_connected and conn.refresh_token and conn.user_id
    assert AuditEvent.objects.filter(action="signin", account=account).count() == 1


@pytest.mark.django_db
def test_signing_in_twice_keeps_one_role_and_one_connection(zoom):
    for _ in range(2):
        client = Client()
        sign_in(client, zoom.url, demo.DEMO_OWNER_EMAIL, demo.ADMIN_APP[0])
    account = ZoomAccount.objects.get()
    assert Membership.objects.filter(account=account).count() == 1
    assert ZoomOAuthConnection.objects.filter(account=account).count() == 1


@pytest.mark.django_db
def test_a_member_without_a_role_sees_no_access(login_app):
    client = Client()
    page = sign_in(client, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    assert page.status_code == 403
    assert b"No access" in page.content
    assert not Membership.objects.exists()
    assert not ZoomOAuthConnection.objects.exists()  # a member's token never becomes a connection


@pytest.mark.django_db
def test_a_role_granted_by_email_takes_effect_at_first_sign_in(login_app, account):
    account.zoom_account_id = next(a["id"] for a in login_app.state()["accounts"]
                                   if a["name"] == demo.DEMO_ACCOUNT_NAME)
    account.save()
    Membership.objects.create(account=account, email=demo.DEMO_MEMBER_EMAIL, role=Role.APPROVER)
    client = Client()
    page = sign_in(client, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    membership = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert membership.user is not None and membership.role == Role.APPROVER
    # Approvers may not open the overview: before the inbox exists they see their role's limits.
    assert page.status_code in (200, 403)


@pytest.mark.django_db
def test_sign_out_ends_the_session(zoom):
    client = Client()
    sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_sign_in_page_offers_zoom_and_nothing_else(client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert b"Sign in with Zoom" in page.content
    assert b"password" not in page.content.lower()


# --- only verified Zoom identities; roles belong to the Zoom user id --------------------------------


@pytest.mark.django_db
def test_an_unverified_zoom_user_is_refused_with_the_explanation(zoom):
    zoom.set_verified(demo.DEMO_ADMIN_EMAIL, False)
    client = Client()
    page = sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 403
    text = page.content.decode()
    assert "Sign-in refused" in text and "has not verified the email address" in text
    assert "<input" not in text.split("<main", 1)[-1].replace('type="hidden"', "")  # no form to type an email in
    assert not get_user_model().objects.exists()
    assert not Membership.objects.exists() and not ZoomOAuthConnection.objects.exists()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="signin", result="denied").count() == 1


@pytest.mark.django_db
def test_the_social_sign_up_form_is_never_shown(client):
    page = client.get("/accounts/3rdparty/signup/")
    assert page.status_code == 403
    assert b'name="email"' not in page.content


@pytest.mark.django_db
def test_a_local_user_with_the_same_email_is_not_signed_in_by_zoom(zoom):
    before = get_user_model().objects.create_user(username="old", email=demo.DEMO_ADMIN_EMAIL)
    client = Client()
    page = sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 200
    signed_in = get_user_model().objects.get(pk=client.session["_auth_user_id"])
    assert signed_in != before
    membership = Membership.objects.get(email=demo.DEMO_ADMIN_EMAIL)
    assert membership.user == signed_in and membership.zoom_user_id


@pytest.mark.django_db
def test_a_role_granted_to_an_email_in_another_account_is_not_picked_up(login_app, other_account):
    # Contoso grants a role to Northwind's member's address: only a Contoso Zoom user may claim it.
    other_account.zoom_account_id = next(a["id"] for a in login_app.state()["accounts"]
                                         if a["name"] == demo.OTHER_ACCOUNT_NAME)
    other_account.save()
    granted = Membership.objects.create(account=other_account, email=demo.DEMO_MEMBER_EMAIL, role=Role.ADMIN)
    client = Client()
    page = sign_in(client, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    assert page.status_code == 403 and b"No access" in page.content
    granted.refresh_from_db()
    assert granted.user is None and granted.zoom_user_id == ""


@pytest.mark.django_db
def test_a_claimed_role_stays_with_the_zoom_user_id(login_app, account):
    account.zoom_account_id = next(a["id"] for a in login_app.state()["accounts"]
                                   if a["name"] == demo.DEMO_ACCOUNT_NAME)
    account.save()
    Membership.objects.create(account=account, email=demo.DEMO_MEMBER_EMAIL, role=Role.APPROVER)
    sign_in(Client(), login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    membership = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    identity = SocialAccount.objects.get(provider="zoom", user=membership.user)
    assert membership.zoom_user_id == identity.uid
    # Signing in again (same Zoom user) finds the role by the id, not the email.
    Membership.objects.filter(pk=membership.pk).update(email="renamed@northwind.example")
    page = sign_in(Client(), login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    assert page.status_code in (200, 403) and b"no role in any Zoom account" not in page.content
    assert Membership.objects.filter(zoom_user_id=identity.uid).count() == 1
    assert Membership.objects.get(zoom_user_id=identity.uid).email == demo.DEMO_MEMBER_EMAIL  # the label follows Zoom


@pytest.mark.django_db
def test_a_role_granted_to_someone_who_already_signed_in_takes_effect_at_once(login_app, account, admin_client):
    account.zoom_account_id = sandbox_account_id(login_app)
    account.save()
    member = Client()
    assert sign_in(member, login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0]).status_code == 403
    admin_client.post("/settings/roles/", {"email": demo.DEMO_MEMBER_EMAIL, "role": Role.VIEWER})
    membership = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert membership.user is not None and membership.zoom_user_id == SocialAccount.objects.get().uid
    assert member.get("/").status_code == 200


# --- who may create a tenant; who renames it ----------------------------------------------------------


def sandbox_account_id(sandbox, name: str = demo.DEMO_ACCOUNT_NAME) -> str:
    return next(a["id"] for a in sandbox.state()["accounts"] if a["name"] == name)


@pytest.mark.django_db
def test_a_zoom_account_outside_the_allow_list_cannot_become_a_tenant(zoom, settings):
    settings.ZOOM_ALLOWED_ACCOUNT_IDS = [sandbox_account_id(zoom, demo.OTHER_ACCOUNT_NAME)]
    client = Client()
    page = sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 403 and b"not one of the accounts this dashboard serves" in page.content
    assert AuditEvent.objects.filter(action="signin", result="denied").count() == 1
    assert not ZoomAccount.objects.exists() and not ZoomOAuthConnection.objects.exists()
    assert client.get("/").status_code == 302  # not signed in


@pytest.mark.django_db
def test_a_zoom_account_in_the_allow_list_becomes_a_tenant(zoom, settings):
    settings.ZOOM_ALLOWED_ACCOUNT_IDS = [sandbox_account_id(zoom)]
    page = sign_in(Client(), zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 200
    assert ZoomAccount.objects.get().name == demo.DEMO_ACCOUNT_NAME


@pytest.mark.django_db
def test_an_existing_tenant_outside_the_allow_list_still_signs_in(zoom, settings, account):
    settings.ZOOM_ALLOWED_ACCOUNT_IDS = ["some-other-account"]
    page = sign_in(Client(), zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert page.status_code == 200 and ZoomAccount.objects.count() == 2  # the fixture's two, no new one


@pytest.mark.django_db
def test_a_members_sign_in_creates_no_tenant(login_app):
    sign_in(Client(), login_app.url, demo.DEMO_MEMBER_EMAIL, demo.USER_APP[0])
    assert not ZoomAccount.objects.exists()


@pytest.mark.django_db
def test_signing_in_never_renames_the_tenant(login_app, account):
    account.name = "Our name for it"
    account.save()
    Membership.objects.create(account=account, email=demo.DEMO_MEMBER_EMAIL, role=Role.VIEWER)
    for email in (demo.DEMO_MEMBER_EMAIL, demo.DEMO_ADMIN_EMAIL):
        sign_in(Client(), login_app.url, email, demo.USER_APP[0])
    account.refresh_from_db()
    assert account.name == "Our name for it"


@pytest.mark.django_db
def test_no_second_zoom_identity_can_be_attached_to_a_signed_in_user(zoom):
    client = Client()
    sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0])
    assert client.get("/accounts/3rdparty/").status_code == 404
    start = client.post("/accounts/zoom/login/", {"process": "connect"})
    query = parse_qs(urlsplit(start["Location"]).query)
    pkce = {"code_challenge": query["code_challenge"][0], "code_challenge_method": "S256"}
    code = authorization_code(zoom.url, demo.ADMIN_APP[0], demo.DEMO_OWNER_EMAIL, query["redirect_uri"][0],
                              query["state"][0], **pkce)
    page = client.get("/accounts/zoom/login/callback/", {"code": code, "state": query["state"][0]})
    assert page.status_code == 403
    assert SocialAccount.objects.count() == 1
