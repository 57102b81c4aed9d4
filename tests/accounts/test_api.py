"""The JSON API: API-key authentication, the zoom_oauth_connections resource (seed 000)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import resolve
from rest_framework.test import APIClient

from apps.accounts import apikeys
from apps.accounts.models import ApiKey, AuditEvent, ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.api_urls")]

LIST_URL = "/api/v1/zoom_oauth_connections"
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")

# The seed's envelope and object, with each field's JSON type(s).
ENVELOPE_TYPES = {"next": (str, type(None)), "previous": (str, type(None)), "results": (list,)}
TIMESTAMP = "timestamp"
NULLABLE_TIMESTAMP = "nullable timestamp"
CONNECTION_TYPES = {
    "id": (str,),
    "zoom_oauth_app_id": (str,),
    "user_id": (str,),
    "account_id": (str,),
    "state": (str,),
    "metadata": (dict,),
    "is_local_recording_token_supported": (bool,),
    "is_onbehalf_token_supported": (bool,),
    "connection_failure_data": (dict, type(None)),
    "created_at": TIMESTAMP,
    "updated_at": TIMESTAMP,
    "last_successful_sync_at": NULLABLE_TIMESTAMP,
    "last_attempted_sync_at": NULLABLE_TIMESTAMP,
}
ALLOWED_TOKEN_WORDS = {"is_local_recording_token_supported", "is_onbehalf_token_supported"}


# --- fixtures ----------------------------------------------------------------

_app_counter = iter(range(1, 10**6))


def make_app() -> ZoomOAuthApp:
    return ZoomOAuthApp.objects.create(
        kind=ZoomOAuthApp.Kind.OAUTH, client_id=f"client-{next(_app_counter)}", client_secret="x"
    )


def make_connection(account: ZoomAccount, **fields) -> ZoomOAuthConnection:
    return ZoomOAuthConnection.objects.create(zoom_oauth_app=make_app(), account=account, **fields)


@pytest.fixture
def account() -> ZoomAccount:
    return ZoomAccount.objects.create(zoom_account_id="account_abcdef1234567890", name="Acme")


@pytest.fixture
def other_account() -> ZoomAccount:
    return ZoomAccount.objects.create(zoom_account_id="account_other000000000", name="Other Co")


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_user(username="admin", email="admin@example.com")


@pytest.fixture
def key_and_raw(account, admin_user) -> tuple[ApiKey, str]:
    return apikeys.create_api_key(account, "CI key", admin_user)


@pytest.fixture
def client(key_and_raw) -> APIClient:
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {key_and_raw[1]}")
    return c


def assert_json_401(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"}
    assert isinstance(body["detail"], str) and body["detail"]
    assert response["WWW-Authenticate"] == "Token"


def assert_connection_shape(item: dict) -> None:
    assert set(item) == set(CONNECTION_TYPES)
    for name, expected in CONNECTION_TYPES.items():
        value = item[name]
        if expected == TIMESTAMP:
            assert isinstance(value, str) and ISO_RE.match(value), (name, value)
        elif expected == NULLABLE_TIMESTAMP:
            assert value is None or (isinstance(value, str) and ISO_RE.match(value)), (name, value)
        else:
            assert isinstance(value, expected), (name, value)


def walk(client: APIClient, url: str, direction: str = "next") -> list[dict]:
    """Follow ``next`` (or ``previous``) links from ``url``; return every page body."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        pages.append(body)
        url = body[direction]
        if url:
            assert "cursor" in parse_qs(urlparse(url).query)
    return pages


# --- authentication ----------------------------------------------------------


def test_a_request_without_an_authorization_header_is_refused_with_a_401_json_body():
    assert_json_401(APIClient().get(LIST_URL))


def test_a_request_with_another_scheme_than_token_is_refused_with_a_401_json_body(key_and_raw):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {key_and_raw[1]}")
    assert_json_401(c.get(LIST_URL))


def test_a_request_with_a_wrong_key_is_refused_with_a_401_json_body(key_and_raw):
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Token zak_not-a-real-key")
    assert_json_401(c.get(LIST_URL))


def test_a_token_header_without_a_key_is_refused_with_a_401_json_body():
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION="Token")
    assert_json_401(c.get(LIST_URL))


def test_a_request_with_a_revoked_key_is_refused_with_a_401_json_body(client, key_and_raw, admin_user):
    assert client.get(LIST_URL).status_code == 200
    apikeys.revoke_api_key(key_and_raw[0], by=admin_user)
    assert_json_401(client.get(LIST_URL))


def test_the_detail_url_also_requires_a_key(account):
    connection = make_connection(account)
    assert_json_401(APIClient().get(f"{LIST_URL}/{connection.id}"))
    assert_json_401(APIClient().delete(f"{LIST_URL}/{connection.id}"))
    assert ZoomOAuthConnection.objects.filter(pk=connection.pk).exists()


# --- API keys ----------------------------------------------------------------


def test_the_raw_key_is_returned_once_and_only_its_sha256_is_stored(key_and_raw):
    api_key, raw = key_and_raw
    assert raw.startswith("zak_") and len(raw) > 40
    api_key.refresh_from_db()
    assert api_key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert api_key.key_hash != raw
    assert api_key.prefix == raw[:12]
    stored = ApiKey.objects.filter(pk=api_key.pk).values().get()
    assert not any(raw in str(value) for value in stored.values())
    events = list(AuditEvent.objects.values())
    assert raw not in json.dumps(events, default=str)


def test_two_keys_are_different(account):
    _, raw1 = apikeys.create_api_key(account, "one", None)
    _, raw2 = apikeys.create_api_key(account, "two", None)
    assert raw1 != raw2


def test_creating_and_revoking_a_key_write_audit_events(key_and_raw, account, admin_user):
    api_key, _ = key_and_raw
    apikeys.revoke_api_key(api_key, by=admin_user)
    created = AuditEvent.objects.get(action="api_key.created")
    revoked = AuditEvent.objects.get(action="api_key.revoked")
    for event in (created, revoked):
        assert event.account == account
        assert event.actor == admin_user
        assert event.target_type == "api_key"
        assert event.target_id == str(api_key.pk)
        assert event.target_label == "CI key"
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert not api_key.is_active


def test_revoking_a_key_twice_keeps_the_first_revocation_and_one_audit_event(key_and_raw, admin_user):
    api_key, _ = key_and_raw
    apikeys.revoke_api_key(api_key, by=admin_user)
    first = ApiKey.objects.get(pk=api_key.pk).revoked_at
    apikeys.revoke_api_key(ApiKey.objects.get(pk=api_key.pk), by=admin_user)
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at == first
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_authenticate_key_finds_only_active_keys(key_and_raw, admin_user):
    api_key, raw = key_and_raw
    assert apikeys.authenticate_key(raw) == api_key
    assert apikeys.authenticate_key("zak_wrong") is None
    assert apikeys.authenticate_key("") is None
    assert apikeys.authenticate_key(None) is None
    apikeys.revoke_api_key(api_key, by=admin_user)
    assert apikeys.authenticate_key(raw) is None


def test_last_used_at_is_written_at_most_once_a_minute(key_and_raw):
    api_key, raw = key_and_raw
    apikeys.authenticate_key(raw)
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert first is not None
    apikeys.authenticate_key(raw)
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == first
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    apikeys.authenticate_key(raw)
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at > first - dt.timedelta(minutes=2)


def test_the_raw_key_is_never_logged(caplog, account, admin_user):
    caplog.set_level(logging.DEBUG)
    _, raw = apikeys.create_api_key(account, "logged?", admin_user)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    c.get(LIST_URL)
    c.credentials(HTTP_AUTHORIZATION=f"Token {raw}x")
    c.get(LIST_URL)
    assert raw not in caplog.text


# --- list --------------------------------------------------------------------


def test_the_list_has_exactly_the_seeds_envelope_and_fields_with_their_json_types(client, account):
    make_connection(
        account,
        user_id="user_abcdef1234567890",
        metadata={"tenant_id": "1234567890"},
        is_local_recording_token_supported=True,
        last_successful_sync_at=dt.datetime(2025, 1, 13, 11, 0, 0, 123456, tzinfo=dt.UTC),
        last_attempted_sync_at=dt.datetime(2025, 1, 13, 11, 0, 0, tzinfo=dt.UTC),
    )
    make_connection(
        account,
        state=ZoomOAuthConnection.State.DISCONNECTED,
        connection_failure_data={"error": "invalid_grant"},
    )
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == set(ENVELOPE_TYPES)
    for name, types in ENVELOPE_TYPES.items():
        assert isinstance(body[name], types)
    assert body["next"] is None and body["previous"] is None
    assert len(body["results"]) == 2
    for item in body["results"]:
        assert_connection_shape(item)


def test_a_connection_is_rendered_with_the_seeds_values(client, account):
    app = make_app()
    connection = ZoomOAuthConnection.objects.create(
        zoom_oauth_app=app,
        account=account,
        user_id="user_abcdef1234567890",
        metadata={"tenant_id": "1234567890"},
        is_local_recording_token_supported=True,
        last_successful_sync_at=dt.datetime(2025, 1, 13, 11, 0, 0, 123456, tzinfo=dt.UTC),
        last_attempted_sync_at=dt.datetime(2025, 1, 13, 11, 0, 0, tzinfo=dt.UTC),
    )
    ZoomOAuthConnection.objects.filter(pk=connection.pk).update(
        created_at=dt.datetime(2025, 1, 13, 10, 30, 0, 123456, tzinfo=dt.UTC)
    )
    item = client.get(LIST_URL).json()["results"][0]
    assert item["id"] == connection.id and item["id"].startswith("zoc_")
    assert item["zoom_oauth_app_id"] == app.id and app.id.startswith("zoa_")
    assert item["account_id"] == "account_abcdef1234567890"
    assert item["user_id"] == "user_abcdef1234567890"
    assert item["state"] == "connected"
    assert item["metadata"] == {"tenant_id": "1234567890"}
    assert item["is_local_recording_token_supported"] is True
    assert item["is_onbehalf_token_supported"] is False
    assert item["connection_failure_data"] is None
    assert item["created_at"] == "2025-01-13T10:30:00.123456Z"
    assert item["last_successful_sync_at"] == "2025-01-13T11:00:00.123456Z"
    assert item["last_attempted_sync_at"] == "2025-01-13T11:00:00.000000Z"


def test_unset_sync_timestamps_are_null(client, account):
    make_connection(account)
    item = client.get(LIST_URL).json()["results"][0]
    assert item["last_successful_sync_at"] is None
    assert item["last_attempted_sync_at"] is None
    assert ISO_RE.match(item["created_at"]) and ISO_RE.match(item["updated_at"])


def test_no_token_or_secret_ever_appears_in_the_output(client, account):
    connection = make_connection(
        account,
        access_token="ACCESS-SECRET-VALUE",
        refresh_token="REFRESH-SECRET-VALUE",
        access_token_expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        scopes="meeting:read",
    )
    responses = [client.get(LIST_URL), client.get(f"{LIST_URL}/{connection.id}")]
    for response in responses:
        text = response.content.decode()
        assert "ACCESS-SECRET-VALUE" not in text
        assert "REFRESH-SECRET-VALUE" not in text
        assert "client_secret" not in text
        body = response.json()
        items = body.get("results", [body])
        for item in items:
            token_keys = {k for k in item if "token" in k or "secret" in k or "scope" in k}
            assert token_keys <= ALLOWED_TOKEN_WORDS


def test_cursor_pagination_walks_60_connections_with_no_duplicate_and_no_gap(client, account):
    connections = [make_connection(account) for _ in range(60)]
    # Ties on created_at (three rows per instant) must not lose or repeat rows.
    base = dt.datetime(2025, 1, 13, 10, 30, 0, 123456, tzinfo=dt.UTC)
    for i, connection in enumerate(connections):
        created = base + dt.timedelta(seconds=i // 3)
        ZoomOAuthConnection.objects.filter(pk=connection.pk).update(created_at=created)
    make_connection(ZoomAccount.objects.create(zoom_account_id="acc_x", name="X"))  # not ours
    expected = list(
        ZoomOAuthConnection.objects.filter(account=account)
        .order_by("-created_at", "id")
        .values_list("id", flat=True)
    )

    pages = walk(client, LIST_URL)

    assert [len(p["results"]) for p in pages] == [25, 25, 10]
    seen = [item["id"] for page in pages for item in page["results"]]
    assert len(seen) == len(set(seen)) == 60
    assert seen == expected
    assert pages[0]["previous"] is None
    assert pages[-1]["next"] is None
    assert all(page["previous"] for page in pages[1:])


def test_previous_links_lead_back_through_the_same_pages(client, account):
    for _ in range(60):
        make_connection(account)
    forward = walk(client, LIST_URL)
    backward = walk(client, forward[-1]["previous"], direction="previous")
    ids = lambda page: [item["id"] for item in page["results"]]  # noqa: E731
    assert [ids(p) for p in backward] == [ids(p) for p in reversed(forward[:-1])]


def test_page_size_can_be_chosen_and_is_capped_at_100(client, account):
    apps = ZoomOAuthApp.objects.bulk_create(
        [ZoomOAuthApp(kind="oauth", client_id=f"bulk-{i}", client_secret="x") for i in range(105)]
    )
    ZoomOAuthConnection.objects.bulk_create(
        [ZoomOAuthConnection(zoom_oauth_app=app, account=account) for app in apps]
    )
    assert len(client.get(LIST_URL).json()["results"]) == 25
    body = client.get(LIST_URL, {"page_size": 10}).json()
    assert len(body["results"]) == 10
    assert parse_qs(urlparse(body["next"]).query)["page_size"] == ["10"]
    assert len(client.get(LIST_URL, {"page_size": 1000}).json()["results"]) == 100
    pages = walk(client, f"{LIST_URL}?page_size=40")
    assert [len(p["results"]) for p in pages] == [40, 40, 25]


def test_a_bad_cursor_is_a_404_json_error(client, account):
    make_connection(account)
    response = client.get(LIST_URL, {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert "detail" in response.json()


# --- account scoping ---------------------------------------------------------


def test_another_accounts_connection_is_not_listed_and_is_404_on_get_and_delete(
    client, account, other_account
):
    mine = make_connection(account)
    theirs = make_connection(other_account)

    listed = [item["id"] for item in client.get(LIST_URL).json()["results"]]
    assert listed == [mine.id]

    for response in (client.get(f"{LIST_URL}/{theirs.id}"), client.delete(f"{LIST_URL}/{theirs.id}")):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert set(response.json()) == {"detail"}
    assert ZoomOAuthConnection.objects.filter(pk=theirs.pk).exists()
    assert not AuditEvent.objects.filter(action="connection.deleted").exists()


def test_an_unknown_id_is_404(client):
    response = client.get(f"{LIST_URL}/zoc_doesnotexist0000")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# --- detail and delete -------------------------------------------------------


def test_get_one_returns_the_same_object_as_the_list(client, account):
    connection = make_connection(account, metadata={"a": 1})
    response = client.get(f"{LIST_URL}/{connection.id}")
    assert response.status_code == 200
    assert_connection_shape(response.json())
    assert response.json() == client.get(LIST_URL).json()["results"][0]


def test_deleting_ones_own_connection_answers_204_removes_the_row_and_is_audited(
    client, account, key_and_raw, monkeypatch
):
    from apps.zoom import oauth

    monkeypatch.setattr(oauth, "revoke", lambda client_id, secret, token: None)  # the Zoom seam
    connection = make_connection(account)
    response = client.delete(f"{LIST_URL}/{connection.id}")
    assert response.status_code == 204
    assert response.content == b""
    assert not ZoomOAuthConnection.objects.filter(pk=connection.pk).exists()
    event = AuditEvent.objects.get(action="connection.deleted")
    assert event.account == account
    assert event.actor is None
    assert event.actor_label == f"api key {key_and_raw[0].prefix}"
    assert event.target_type == "connection"
    assert event.target_id == connection.id
    assert key_and_raw[1] not in json.dumps(AuditEvent.objects.values().get(pk=event.pk), default=str)
    assert client.get(f"{LIST_URL}/{connection.id}").status_code == 404


def test_writes_other_than_delete_are_not_allowed(client, account):
    connection = make_connection(account)
    assert client.post(LIST_URL, {}, format="json").status_code == 405
    assert client.put(f"{LIST_URL}/{connection.id}", {}, format="json").status_code == 405
    assert client.patch(f"{LIST_URL}/{connection.id}", {}, format="json").status_code == 405


def test_every_api_view_is_marked_as_guarded_by_api_keys():
    for url in (LIST_URL, f"{LIST_URL}/zoc_x"):
        match = resolve(url)
        assert match.func.required_role == "api"
        assert match.func.cls.required_role == "api"


def test_deleting_with_the_real_service_revokes_at_zoom_then_removes_the_row(
    client, account, key_and_raw, monkeypatch
):
    from apps.zoom import oauth

    revoked = []
    monkeypatch.setattr(oauth, "revoke", lambda client_id, secret, token: revoked.append((client_id, token)))
    connection = make_connection(account, access_token="A-TOKEN", refresh_token="R-TOKEN")

    assert client.delete(f"{LIST_URL}/{connection.id}").status_code == 204

    assert revoked == [(connection.zoom_oauth_app.client_id, "R-TOKEN")]
    assert not ZoomOAuthConnection.objects.filter(pk=connection.pk).exists()
    label = f"api key {key_and_raw[0].prefix}"
    assert AuditEvent.objects.get(action="connection.disconnected").actor_label == label
    assert AuditEvent.objects.get(action="connection.deleted").actor_label == label
