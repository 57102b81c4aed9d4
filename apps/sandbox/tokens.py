"""OAuth logic: clients, authorization codes, access and refresh tokens.

Token values are random and shown once; only their SHA-256 is stored. Nothing
here logs a token or a secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from .models import (
    SandboxAccount,
    SandboxApp,
    SandboxAuthorizationCode,
    SandboxToken,
    SandboxUser,
)
from .services import DB, now

ACCESS_TOKEN_TTL = timedelta(hours=1)
ACCESS_TOKEN_EXPIRES_IN = 3599  # what Zoom reports for a one-hour token
REFRESH_TOKEN_TTL = timedelta(days=90)
CODE_TTL = timedelta(minutes=10)

INVALID_TOKEN = "Invalid Token!"


class OAuthError(Exception):
    """An error answered as ``{"reason": ..., "error": ...}`` with ``status``."""

    def __init__(self, status: int, error: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.error = error
        self.reason = reason


def invalid_grant() -> OAuthError:
    return OAuthError(400, "invalid_grant", INVALID_TOKEN)


def unsupported_grant() -> OAuthError:
    return OAuthError(400, "unsupported_grant_type", "unsupported grant type")


def hash_token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def authenticate_client(client_id: str, client_secret: str) -> SandboxApp:
    app = SandboxApp.objects.using(DB).filter(client_id=client_id).first()
    if app is None or not hmac.compare_digest(app.client_secret.encode(), client_secret.encode()):
        raise OAuthError(401, "invalid_client", "Invalid client_id or client_secret")
    return app


# --- Authorization codes ----------------------------------------------------


PKCE_METHODS = ("S256", "plain")


def create_code(
    app: SandboxApp, user: SandboxUser, redirect_uri: str, code_challenge: str = "", code_challenge_method: str = ""
) -> str:
    code = secrets.token_urlsafe(24)
    current = now()
    SandboxAuthorizationCode.objects.using(DB).create(
        code=code,
        app=app,
        user=user,
        redirect_uri=redirect_uri,
        code_challenge=code_challenge,
        code_challenge_method=(code_challenge_method or "plain") if code_challenge else "",
        created_at=current,
        expires_at=current + CODE_TTL,
    )
    return code


# --- Tokens -------------------------------------------------------------------


@dataclass
class IssuedTokens:
    access_token: str
    scope: str
    refresh_token: str | None = None

    def as_json(self, api_url: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "access_token": self.access_token,
            "token_type": "bearer",
        }
        if self.refresh_token is not None:
            data["refresh_token"] = self.refresh_token
        data.update({"expires_in": ACCESS_TOKEN_EXPIRES_IN, "scope": self.scope, "api_url": api_url})
        return data


def _store(
    kind: str,
    *,
    family: str,
    app: SandboxApp,
    user: SandboxUser | None,
    account: SandboxAccount,
    scope: str,
    ttl: timedelta,
) -> str:
    value = secrets.token_urlsafe(48)
    current = now()
    SandboxToken.objects.using(DB).create(
        token_hash=hash_token(value),
        kind=kind,
        family=family,
        app=app,
        user=user,
        account=account,
        scope=scope,
        created_at=current,
        expires_at=current + ttl,
    )
    return value


def _issue(
    app: SandboxApp,
    user: SandboxUser | None,
    account: SandboxAccount,
    *,
    family: str | None = None,
    with_refresh: bool = True,
) -> IssuedTokens:
    family = family or secrets.token_hex(16)
    common = {"family": family, "app": app, "user": user, "account": account, "scope": app.scopes}
    access = _store(SandboxToken.Kind.ACCESS, ttl=ACCESS_TOKEN_TTL, **common)
    refresh = _store(SandboxToken.Kind.REFRESH, ttl=REFRESH_TOKEN_TTL, **common) if with_refresh else None
    return IssuedTokens(access_token=access, refresh_token=refresh, scope=app.scopes)


def pkce_matches(grant: SandboxAuthorizationCode, code_verifier: str) -> bool:
    """RFC 7636 §4.6: S256 compares BASE64URL(SHA256(verifier)) without padding to the challenge."""
    if not grant.code_challenge:
        return True  # the authorization asked for no PKCE
    if not code_verifier:
        return False
    if grant.code_challenge_method == "S256":
        digest = hashlib.sha256(code_verifier.encode("ascii", "replace")).digest()
        proof = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    else:
        proof = code_verifier
    return hmac.compare_digest(proof, grant.code_challenge)


def exchange_code(app: SandboxApp, code: str, redirect_uri: str, code_verifier: str = "") -> IssuedTokens:
    if app.kind == SandboxApp.Kind.S2S:
        raise unsupported_grant()
    if not code or not redirect_uri:
        raise OAuthError(400, "invalid_request", "Missing code or redirect_uri")
    with transaction.atomic(using=DB):
        grant = (
            SandboxAuthorizationCode.objects.using(DB)
            .select_related("user__account")
            .filter(code=code, app=app, used=False, expires_at__gt=now())
            .first()
        )
        if grant is None:
            raise invalid_grant()
        if grant.redirect_uri != redirect_uri:
            raise OAuthError(400, "invalid_grant", "Redirect URI mismatch.")
        # Conditional update: of two concurrent exchanges, only one wins.
        if not SandboxAuthorizationCode.objects.using(DB).filter(pk=grant.pk, used=False).update(used=True):
            raise invalid_grant()
        proven = pkce_matches(grant, code_verifier)
        if proven:
            return _issue(app, grant.user, grant.user.account)
    # Outside the transaction, so the code stays spent: a wrong verifier leaves nothing to guess again with.
    raise OAuthError(400, "invalid_grant", "Invalid code_verifier.")


def refresh(app: SandboxApp, refresh_token: str) -> IssuedTokens:
    """Rotate: the presented refresh token stops working, a new one is returned."""
    if app.kind == SandboxApp.Kind.S2S:
        raise unsupported_grant()
    if not refresh_token:
        raise OAuthError(400, "invalid_request", "Missing refresh_token")
    with transaction.atomic(using=DB):
        token = (
            SandboxToken.objects.using(DB)
            .select_related("user", "account")
            .filter(
                token_hash=hash_token(refresh_token),
                kind=SandboxToken.Kind.REFRESH,
                app=app,
                revoked=False,
                expires_at__gt=now(),
            )
            .first()
        )
        if token is None:
            raise invalid_grant()
        if not SandboxToken.objects.using(DB).filter(pk=token.pk, revoked=False).update(revoked=True):
            raise invalid_grant()
        return _issue(app, token.user, token.account, family=token.family)


def account_credentials(app: SandboxApp, account_id: str) -> IssuedTokens:
    if app.kind != SandboxApp.Kind.S2S:
        raise unsupported_grant()
    if not account_id:
        raise OAuthError(400, "invalid_request", "Missing account_id")
    if app.account is None or app.account.zoom_id != account_id:
        raise OAuthError(400, "invalid_request", "Invalid account_id")
    return _issue(app, None, app.account, with_refresh=False)


def revoke(app: SandboxApp, token_value: str) -> bool:
    """Revoke the token and every token of its family. False if it is unknown."""
    token = (
        SandboxToken.objects.using(DB)
        .filter(token_hash=hash_token(token_value), app=app)
        .only("family")
        .first()
    )
    if token is None:
        return False
    SandboxToken.objects.using(DB).filter(family=token.family).update(revoked=True)
    return True


# --- Bearer tokens on the REST API ---------------------------------------------


class BearerError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def access_token_from(authorization: str) -> SandboxToken:
    """The live access token in an ``Authorization: Bearer`` header, or BearerError."""
    scheme, _, value = authorization.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not value:
        raise BearerError("Invalid access token.")
    token = (
        SandboxToken.objects.using(DB)
        .select_related("user__account", "account", "app")
        .filter(token_hash=hash_token(value), kind=SandboxToken.Kind.ACCESS)
        .first()
    )
    if token is None or token.revoked:
        raise BearerError("Invalid access token.")
    if token.expires_at <= now():
        raise BearerError("Access token is expired.")
    return token
