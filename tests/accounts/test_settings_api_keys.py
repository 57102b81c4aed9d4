"""Settings → API keys: shown once, stored as a hash, revocable, bound to the account."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from apps.accounts import apikeys
from apps.accounts.models import ApiKey, AuditEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

KEYS_URL = "/settings/api-keys/"
API_URL = "/api/v1/zoom_oauth_connections"


def create_key(client: Client, name: str = "nightly export") -> tuple[ApiKey, str]:
    response = client.post(KEYS_URL, {"name": name})
    assert response.status_code == 200
    raw = response.context["new_key"]
    assert raw and raw.startswith(apikeys.KEY_PREFIX)
    assert raw in response.content.decode()
    return ApiKey.objects.get(name=name), raw


def api_get(raw: str):
    return Client().get(API_URL, HTTP_AUTHORIZATION=f"Token {raw}")


def test_a_new_key_is_shown_once_and_never_again(account, admin_client):
    _, raw = create_key(admin_client)
    later = admin_client.get(KEYS_URL)
    assert later.status_code == 200
    assert raw not in later.content.decode()
    assert raw[: apikeys.PREFIX_LENGTH] in later.content.decode()  # the prefix tells keys apart


def test_only_the_hash_of_a_key_is_stored(account, admin, admin_client):
    key, raw = create_key(admin_client)
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.prefix == raw[: apikeys.PREFIX_LENGTH]
    assert key.account == account and key.created_by == admin
    stored = [str(v) for v in ApiKey.objects.values_list(flat=False).get()]
    assert not any(raw in value for value in stored)
    event = AuditEvent.objects.get(action="api_key.created")
    assert raw not in str(event.detail) and raw not in event.message and event.actor == admin


def test_a_new_key_works_on_the_api(account, admin_client):
    _, raw = create_key(admin_client)
    assert api_get(raw).status_code == 200


def test_a_key_without_a_name_is_a_field_error(account, admin_client):
    response = admin_client.post(KEYS_URL, {"name": ""})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert response.context["new_key"] is None
    assert not ApiKey.objects.exists()


def test_a_revoked_key_gets_401_at_the_api(account, admin, admin_client):
    key, raw = create_key(admin_client)
    response = admin_client.post(f"{KEYS_URL}{key.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == KEYS_URL
    key.refresh_from_db()
    assert key.revoked_at is not None
    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.actor == admin and event.account == account
    assert api_get(raw).status_code == 401
    assert "revoked" in admin_client.get(KEYS_URL).content.decode()


def test_revoking_twice_is_not_found_the_second_time(account, admin_client):
    key, _ = create_key(admin_client)
    admin_client.post(f"{KEYS_URL}{key.pk}/revoke/")
    assert admin_client.post(f"{KEYS_URL}{key.pk}/revoke/").status_code == 404
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_another_accounts_key_is_not_found_and_keeps_working(account, admin_client, outsider, other_account):
    theirs, raw = apikeys.create_api_key(other_account, "their key", outsider)
    assert admin_client.post(f"{KEYS_URL}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert api_get(raw).status_code == 200
    assert "their key" not in admin_client.get(KEYS_URL).content.decode()


def test_revoking_needs_a_post(account, admin_client):
    key, _ = create_key(admin_client)
    assert admin_client.get(f"{KEYS_URL}{key.pk}/revoke/").status_code == 405
    key.refresh_from_db()
    assert key.is_active


@pytest.mark.parametrize("persona", ["viewer", "approver"])
def test_only_admins_may_manage_api_keys(account, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(KEYS_URL).status_code == 403
    assert client.post(KEYS_URL, {"name": "sneaky"}).status_code == 403
    assert not ApiKey.objects.exists()


def test_the_page_showing_a_new_key_may_not_be_cached(account, admin_client):
    response = admin_client.post(KEYS_URL, {"name": "ci"})
    assert "no-store" in response["Cache-Control"]
