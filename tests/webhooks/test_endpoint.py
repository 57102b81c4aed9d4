"""POST /webhooks/zoom/: Zoom's signature, timestamp window, url_validation, storage."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from unittest.mock import patch

import pytest
from django.test import Client

from apps.accounts.models import ZoomOAuthApp, ZoomOAuthConnection
from apps.webhooks.models import WebhookEvent

from .conftest import SECRET, URL, post_signed, zoom_event

pytestmark = pytest.mark.django_db


def test_it_stores_a_validly_signed_event_and_answers_200(client: Client, hooked_account):
    body = zoom_event(hooked_account.zoom_account_id)
    response = post_signed(client, body)
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert (event.account, event.event_type, event.event_ts) == (hooked_account, "meeting.created", body["event_ts"])
    assert event.status == "received" and event.payload == body["payload"]


def test_it_rejects_an_unsigned_event(client: Client, hooked_account):
    response = post_signed(client, zoom_event(hooked_account.zoom_account_id), secret=None)
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


def test_it_rejects_an_event_signed_with_another_secret(client: Client, hooked_account):
    response = post_signed(client, zoom_event(hooked_account.zoom_account_id), secret="not-the-secret")
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize("offset", [-301, 301, -3600])
def test_it_rejects_a_timestamp_more_than_five_minutes_old_or_ahead(client: Client, hooked_account, offset):
    response = post_signed(client, zoom_event(hooked_account.zoom_account_id), timestamp=int(time.time()) + offset)
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


def test_it_accepts_a_timestamp_a_little_off(client: Client, hooked_account):
    response = post_signed(client, zoom_event(hooked_account.zoom_account_id), timestamp=int(time.time()) - 240)
    assert response.status_code == 200


def test_it_rejects_a_body_changed_after_signing(client: Client, hooked_account):
    body = zoom_event(hooked_account.zoom_account_id)
    signed = json.dumps(body).encode()
    tampered = json.dumps({**body, "event": "user.deleted"}).encode()
    response = post_signed(client, tampered, signed_raw=signed)
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()


def test_a_redelivered_event_is_stored_once_and_still_answered_200(client: Client, hooked_account):
    body = zoom_event(hooked_account.zoom_account_id)
    assert post_signed(client, body).status_code == 200
    # Zoom's retry: same event, new timestamp and signature (and here another key order).
    raw = json.dumps(body, sort_keys=True, indent=1).encode()
    assert post_signed(client, raw, timestamp=int(time.time()) + 2).status_code == 200
    assert WebhookEvent.objects.count() == 1


def test_it_answers_url_validation_with_zoom_s_encrypted_token(client: Client, hooked_account):
    body = {"event": "endpoint.url_validation", "event_ts": int(time.time() * 1000),
            "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "account_id": hooked_account.zoom_account_id}}
    response = post_signed(client, body)
    assert response.status_code == 200
    expected = hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest()
    assert response.json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}
    assert not WebhookEvent.objects.exists()


def test_url_validation_without_an_account_uses_the_environment_secret(client: Client, db, settings):
    settings.ZOOM_WEBHOOK_SECRET_TOKEN = ["env-new", "env-old"]
    body = {"event": "endpoint.url_validation", "event_ts": 1, "payload": {"plainToken": "abc"}}
    response = post_signed(client, body, secret="env-new")
    expected = hmac.new(b"env-new", b"abc", hashlib.sha256).hexdigest()
    assert response.json()["encryptedToken"] == expected


def test_an_unsigned_url_validation_is_refused(client: Client, hooked_account):
    # Else anyone could have us HMAC a "v0:{ts}:{body}" of their choosing: a forged signature.
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "abc"}}
    assert post_signed(client, body, secret=None).status_code == 401


def test_it_fails_closed_when_no_secret_is_configured(client: Client, account, settings, caplog):
    settings.ZOOM_WEBHOOK_SECRET_TOKEN = []
    app = ZoomOAuthApp.objects.create(kind="s2s", client_id="no-secret", client_secret="x")
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)
    body = zoom_event(account.zoom_account_id, "meeting.registration_created",
                      {"id": 1, "registrant": {"id": "r1", "email": "private.person@example.com"}})
    response = post_signed(client, body, secret="anything")
    assert response.status_code == 401
    assert not WebhookEvent.objects.exists()
    assert "no webhook secret configured" in caplog.text
    assert "private.person@example.com" not in caplog.text  # the body is never logged


def test_it_answers_400_to_malformed_json_and_stores_nothing(client: Client, hooked_account):
    response = post_signed(client, b'{"event": "meeting.created", "payload": ')
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_it_accepts_the_second_of_two_secrets_during_a_rotation(client: Client, account):
    app = ZoomOAuthApp.objects.create(kind="s2s", client_id="rotating", client_secret="x",
                                      webhook_secret_token="new-secret, old-secret")
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)
    assert post_signed(client, zoom_event(account.zoom_account_id), secret="old-secret").status_code == 200
    assert post_signed(client, zoom_event(account.zoom_account_id, "user.created"),
                       secret="new-secret").status_code == 200
    assert WebhookEvent.objects.count() == 2


def test_the_environment_app_also_accepts_the_environment_secrets(client: Client, account, settings):
    settings.ZOOM_WEBHOOK_SECRET_TOKEN = ["from-env"]
    app = ZoomOAuthApp.objects.create(kind="oauth", client_id="env-app", client_secret="x", from_environment=True)
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)
    assert post_signed(client, zoom_event(account.zoom_account_id), secret="from-env").status_code == 200


def test_another_account_s_secret_does_not_sign_for_this_account(client: Client, hooked_account, other_account):
    app = ZoomOAuthApp.objects.create(kind="s2s", client_id="contoso", client_secret="x",
                                      webhook_secret_token="contoso-secret")
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=other_account)
    body = zoom_event(hooked_account.zoom_account_id)
    assert post_signed(client, body, secret="contoso-secret").status_code == 401


def test_it_answers_only_post(client: Client, hooked_account):
    assert client.get(URL).status_code == 405


def test_the_apply_task_is_enqueued_after_commit(client: Client, hooked_account, django_capture_on_commit_callbacks):
    with patch("apps.webhooks.tasks.apply_event.delay", autospec=True) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            post_signed(client, zoom_event(hooked_account.zoom_account_id))
        delay.assert_called_once_with(WebhookEvent.objects.get().pk)
