"""Signing as Zoom does (its documented algorithm, with hmac and hashlib only), and an
account whose connection's app carries webhook secrets."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.test import Client

from apps.accounts.models import ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection

SECRET = "wh-secret-northwind-0001"
URL = "/webhooks/zoom/"


def zoom_signature(secret: str, timestamp: str, raw: bytes) -> str:
    """x-zm-signature: "v0=" + hex HMAC-SHA256(secret token, "v0:{timestamp}:{raw body}")."""
    message = f"v0:{timestamp}:{raw.decode()}"
    return "v0=" + hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def zoom_event(account_id: str, event: str = "meeting.created", obj: dict | None = None, **payload: Any) -> dict:
    return {"event": event, "event_ts": int(time.time() * 1000),
            "payload": {"account_id": account_id, "object": obj or {"id": 85012345678}, **payload}}


def post_signed(client: Client, body: dict | bytes, secret: str | None = SECRET, *, timestamp: int | None = None,
                signed_raw: bytes | None = None):
    """POST ``body`` as Zoom would; ``signed_raw`` signs other bytes than those sent."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {"HTTP_X_ZM_REQUEST_TIMESTAMP": ts}
    if secret is not None:
        headers["HTTP_X_ZM_SIGNATURE"] = zoom_signature(secret, ts, signed_raw or raw)
    return client.post(URL, raw, content_type="application/json", **headers)


@pytest.fixture
def hooked_account(account: ZoomAccount) -> ZoomAccount:
    """The account, connected through an app whose webhook secret is SECRET."""
    app = ZoomOAuthApp.objects.create(kind="s2s", client_id="s2s-northwind", client_secret="x",
                                      webhook_secret_token=SECRET)
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)
    return account
