"""Zoom's OAuth endpoints: authorize URL, token grants, revoke.

https://developers.zoom.us/docs/integrations/oauth/ : refresh tokens rotate (each
refresh returns a new one and the old one stops working); Server-to-Server apps get
no refresh token and ask for a new access token with ``account_credentials``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from .errors import ReconnectNeeded, ZoomRefused, ZoomTemporaryError
from .http import send


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: dt.datetime
    scope: str


def pkce_pair() -> tuple[str, str]:
    """A PKCE code verifier and its S256 challenge (RFC 7636 §4.1-4.2)."""
    verifier = secrets.token_urlsafe(64)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_url(client_id: str, redirect_uri: str, state: str, code_challenge: str = "") -> str:
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "state": state}
    if code_challenge:
        params |= {"code_challenge": code_challenge, "code_challenge_method": "S256"}
    return f"{settings.ZOOM_OAUTH_BASE_URL}/oauth/authorize?{urlencode(params)}"


def _token_request(client_id: str, client_secret: str, data: dict[str, str]) -> TokenSet:
    response = send(
        "POST",
        f"{settings.ZOOM_OAUTH_BASE_URL}/oauth/token",
        log_path=f"/oauth/token grant_type={data['grant_type']}",
        auth=(client_id, client_secret),
        data=data,
    )
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    if response.status_code >= 500 or response.status_code == 429:
        raise ZoomTemporaryError("Zoom's token endpoint is unavailable", status=response.status_code)
    if response.status_code != 200:
        error = str(body.get("error", ""))
        reason = str(body.get("reason", "") or body.get("error_description", "") or error or "refused")
        if error in ("invalid_grant", "invalid_client", "unauthorized_client") or response.status_code == 401:
            raise ReconnectNeeded(reason, status=response.status_code, code=error)
        raise ZoomRefused(reason, status=response.status_code, code=error)
    try:
        expires_in = int(body.get("expires_in", 3600))
        access_token = str(body["access_token"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ZoomTemporaryError("Zoom's token endpoint answered without a token") from exc
    return TokenSet(
        access_token=access_token,
        refresh_token=str(body.get("refresh_token") or ""),
        expires_at=timezone.now() + dt.timedelta(seconds=expires_in),
        scope=str(body.get("scope", "")),
    )


def exchange_code(
    client_id: str, client_secret: str, code: str, redirect_uri: str, code_verifier: str = ""
) -> TokenSet:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if code_verifier:
        data["code_verifier"] = code_verifier
    return _token_request(client_id, client_secret, data)


def refresh(client_id: str, client_secret: str, refresh_token: str) -> TokenSet:
    return _token_request(
        client_id, client_secret, {"grant_type": "refresh_token", "refresh_token": refresh_token}
    )


def account_credentials(client_id: str, client_secret: str, account_id: str) -> TokenSet:
    return _token_request(
        client_id, client_secret, {"grant_type": "account_credentials", "account_id": account_id}
    )


def revoke(client_id: str, client_secret: str, token: str) -> None:
    """Revoke a token at Zoom. Already-invalid tokens are fine: the goal is that it stops working."""
    response = send(
        "POST",
        f"{settings.ZOOM_OAUTH_BASE_URL}/oauth/revoke",
        log_path="/oauth/revoke",
        auth=(client_id, client_secret),
        data={"token": token},
    )
    if response.status_code >= 500:
        raise ZoomTemporaryError("Zoom's revoke endpoint is unavailable", status=response.status_code)
