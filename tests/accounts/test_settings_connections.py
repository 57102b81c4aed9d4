"""Settings → Connections: connect through Zoom's consent page, disconnect, Server-to-Server."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from apps.accounts.models import AuditEvent, ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection
from apps.sandbox import demo
from apps.zoom import oauth
from apps.zoom.errors import ReconnectNeeded
from tests.conftest import client_for
from tests.helpers import authorization_code

pytestmark = pytest.mark.django_db

CALLBACK_URL = "/settings/connect/callback/"
S2S_URL = "/settings/connections/server-to-server/"


def start_connect(client: Client, sandbox_url: str) -> dict[str, str]:
    """POST "Connect Zoom account"; return the authorize query (client_id, redirect_uri, state)."""
    response = client.post("/settings/connect/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{sandbox_url}/oauth/authorize?")
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def consent(sandbox_url: str, query: dict[str, str], email: str = demo.DEMO_ADMIN_EMAIL) -> str:
    """Consent at the authorize URL the site sent (its PKCE challenge included); the code."""
    pkce = {k: query[k] for k in ("code_challenge", "code_challenge_method") if k in query}
    return authorization_code(sandbox_url, query["client_id"], email, query["redirect_uri"], query["state"], **pkce)


def finish_connect(client: Client, sandbox_url: str, email: str = demo.DEMO_ADMIN_EMAIL):
    query = start_connect(client, sandbox_url)
    return client.get(CALLBACK_URL, {"code": consent(sandbox_url, query, email), "state": query["state"]})


def s2s_post(client: Client, account_id: str, client_id: str, client_secret: str):
    return client.post(S2S_URL, {"account_id": account_id, "client_id": client_id, "client_secret": client_secret})


# --- Connect (OAuth code flow) ----------------------------------------------------


def test_connect_redirects_to_the_zoom_consent_page_with_a_state(zoom, admin_client):
    query = start_connect(admin_client, zoom.url)
    assert query["client_id"] == demo.ADMIN_APP[0]
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == "http://testserver" + CALLBACK_URL
    assert len(query["state"]) >= 20
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43


def test_a_code_is_worth_nothing_without_the_sessions_pkce_verifier(zoom, account, admin_client):
    query = start_connect(admin_client, zoom.url)
    code = consent(zoom.url, query)
    session = admin_client.session
    session["zoom_connect"] = {**session["zoom_connect"], "code_verifier": "a-verifier-the-attacker-guessed"}
    session.save()
    response = admin_client.get(CALLBACK_URL, {"code": code, "state": query["state"]})
    assert response.status_code == 302
    assert not ZoomOAuthConnection.objects.exists()
    assert "Zoom refused the connection" in admin_client.get("/settings/").content.decode()


def test_finishing_the_flow_connects_the_sandbox_account_and_audits_it(zoom, account, admin, admin_client):
    response = finish_connect(admin_client, zoom.url)
    assert response.status_code == 302 and response["Location"] == "/settings/"
    conn = ZoomOAuthConnection.objects.get()
    assert conn.account == account
    assert conn.is_connected and conn.access_token and conn.refresh_token and conn.user_id
    event = AuditEvent.objects.get(action="connection.connected")
    assert event.account == account and event.actor == admin and event.result == "ok"
    assert event.target_id == conn.pk
    page = admin_client.get("/settings/")
    assert "Connected the Zoom account" in page.content.decode()
    assert "Reconnect Zoom" not in page.content.decode()


def test_a_callback_with_a_wrong_state_changes_nothing(zoom, account, admin_client):
    query = start_connect(admin_client, zoom.url)
    code = authorization_code(zoom.url, query["client_id"], demo.DEMO_ADMIN_EMAIL, query["redirect_uri"],
                              query["state"])
    response = admin_client.get(CALLBACK_URL, {"code": code, "state": "not-the-state"})
    assert response.status_code == 302
    assert not ZoomOAuthConnection.objects.exists()
    assert not AuditEvent.objects.filter(action="connection.connected").exists()
    assert "did not start here" in admin_client.get("/settings/").content.decode()


def test_a_callback_that_was_never_started_changes_nothing(zoom, account, admin_client):
    response = admin_client.get(CALLBACK_URL, {"code": "whatever", "state": ""})
    assert response.status_code == 302
    assert not ZoomOAuthConnection.objects.exists()


def test_a_viewer_cannot_start_a_connection(zoom, viewer):
    response = client_for(viewer).post("/settings/connect/")
    assert response.status_code == 403


# --- Disconnect and the reconnect banner ------------------------------------------


@pytest.fixture
def connected(zoom, account, admin_client) -> ZoomOAuthConnection:
    finish_connect(admin_client, zoom.url)
    return ZoomOAuthConnection.objects.get(account=account)


def test_disconnect_revokes_at_zoom_and_marks_the_connection_disconnected(connected, admin, admin_client):
    old_refresh = connected.refresh_token
    response = admin_client.post(f"/settings/connections/{connected.pk}/disconnect/")
    assert response.status_code == 302
    connected.refresh_from_db()
    assert connected.state == ZoomOAuthConnection.State.DISCONNECTED
    assert connected.refresh_token == "" and connected.access_token == ""
    with pytest.raises(ReconnectNeeded):
        oauth.refresh(*demo.ADMIN_APP, old_refresh)
    event = AuditEvent.objects.get(action="connection.disconnected")
    assert event.account == connected.account and event.actor == admin and event.result == "ok"


def test_disconnect_needs_a_post(connected, admin_client):
    assert admin_client.get(f"/settings/connections/{connected.pk}/disconnect/").status_code == 405
    connected.refresh_from_db()
    assert connected.is_connected


def test_another_accounts_connection_cannot_be_disconnected(connected, outsider):
    response = client_for(outsider).post(f"/settings/connections/{connected.pk}/disconnect/")
    assert response.status_code == 404
    connected.refresh_from_db()
    assert connected.is_connected


ADMIN_PAGES = ["/", "/settings/", "/settings/roles/", "/settings/api-keys/", "/settings/audit/"]


def test_after_a_disconnect_admins_see_the_reconnect_banner_on_every_page(connected, admin_client):
    for url in ADMIN_PAGES:
        assert "Reconnect Zoom" not in admin_client.get(url).content.decode(), url
    admin_client.post(f"/settings/connections/{connected.pk}/disconnect/")
    for url in ADMIN_PAGES:
        page = admin_client.get(url)
        assert page.status_code == 200, url
        assert "Reconnect Zoom" in page.content.decode(), url


def test_viewers_never_see_the_reconnect_banner(connected, admin_client, viewer):
    admin_client.post(f"/settings/connections/{connected.pk}/disconnect/")
    page = client_for(viewer).get("/")
    assert page.status_code == 200
    assert "Reconnect Zoom" not in page.content.decode()


# --- Server-to-Server OAuth -------------------------------------------------------


def assert_nothing_saved() -> None:
    assert not ZoomOAuthApp.objects.filter(kind=ZoomOAuthApp.Kind.SERVER_TO_SERVER).exists()
    assert not ZoomOAuthConnection.objects.exists()


def test_server_to_server_with_a_bad_secret_shows_a_field_error_and_saves_nothing(zoom, account, admin_client):
    response = s2s_post(admin_client, account.zoom_account_id, demo.S2S_APP[0], "not-the-secret")
    assert response.status_code == 200
    assert "client_secret" in response.context["s2s_form"].errors
    assert "Zoom refused these credentials" in response.content.decode()
    assert "not-the-secret" not in response.content.decode()
    assert_nothing_saved()


def test_server_to_server_for_another_account_id_shows_a_field_error(zoom, account, admin_client):
    other_id = next(a["id"] for a in zoom.state()["accounts"] if a["name"] == demo.OTHER_ACCOUNT_NAME)
    response = s2s_post(admin_client, other_id, *demo.OTHER_S2S_APP)
    assert response.status_code == 200
    assert "account_id" in response.context["s2s_form"].errors
    assert_nothing_saved()


def test_server_to_server_with_missing_fields_shows_field_errors(zoom, account, admin_client):
    response = admin_client.post(S2S_URL, {"account_id": account.zoom_account_id})
    assert response.status_code == 200
    assert {"client_id", "client_secret"} <= set(response.context["s2s_form"].errors)
    assert_nothing_saved()


def test_server_to_server_with_good_credentials_connects_the_account(zoom, account, admin, admin_client):
    response = s2s_post(admin_client, account.zoom_account_id, *demo.S2S_APP)
    assert response.status_code == 302 and response["Location"] == "/settings/"
    conn = ZoomOAuthConnection.objects.get()
    assert conn.account == account and conn.is_connected and conn.is_server_to_server
    assert conn.zoom_oauth_app.client_secret == demo.S2S_APP[1]
    event = AuditEvent.objects.get(action="connection.connected")
    assert event.account == account and event.actor == admin and event.result == "ok"


@pytest.mark.django_db
def test_settings_shows_zoom_calls_per_label(admin_client, account):
    from apps.zoom.models import count_call

    count_call(account.pk, "Light")
    count_call(account.pk, "Light", throttled=True)
    count_call(account.pk, "Heavy")
    page = admin_client.get("/settings/")
    assert page.status_code == 200
    usage = {row["label"]: row for row in page.context["usage"]}
    assert usage["Light"]["today"] == 2 and usage["Light"]["throttled"] == 1
    assert usage["Heavy"]["week"] == 1 and usage["Medium"]["today"] == 0


def test_an_admin_connecting_renames_the_tenant_after_zoom(zoom, account, admin_client):
    account.name = "Our name for it"
    account.save()
    finish_connect(admin_client, zoom.url)
    account.refresh_from_db()
    assert account.name == demo.DEMO_ACCOUNT_NAME


def test_connecting_an_account_outside_the_allow_list_creates_no_tenant(zoom, account, other_account, admin_client,
                                                                        settings):
    settings.ZOOM_ALLOWED_ACCOUNT_IDS = [account.zoom_account_id]
    other_account.delete()
    response = finish_connect(admin_client, zoom.url, demo.OTHER_ACCOUNT_OWNER_EMAIL)
    assert response.status_code == 302
    assert not ZoomAccount.objects.exclude(pk=account.pk).exists() and not ZoomOAuthConnection.objects.exists()
    assert "may not be added to this dashboard" in admin_client.get("/settings/").content.decode()
    assert AuditEvent.objects.get(action="connection.connected").result == "denied"
