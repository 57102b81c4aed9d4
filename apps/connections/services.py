"""Zoom connections: create them from an OAuth grant or Server-to-Server credentials,
disconnect them (revoking at Zoom). Token refresh lives in apps/zoom/tokens.py.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.models import ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection
from apps.zoom import oauth
from apps.zoom.endpoints import users as zoom_users
from apps.zoom.errors import ZoomError, ZoomTemporaryError

logger = logging.getLogger(__name__)

ZOOM_ADMIN_ROLE_NAMES = {"owner", "admin"}
ZOOM_ADMIN_ROLE_IDS = {"0", "1"}


def is_zoom_admin(me: dict[str, Any]) -> bool:
    """Owner and admin of their Zoom account, by role name or Zoom's built-in role ids."""
    return (
        str(me.get("role_name", "")).lower() in ZOOM_ADMIN_ROLE_NAMES
        or str(me.get("role_id", "")) in ZOOM_ADMIN_ROLE_IDS
    )


def account_name(me: dict[str, Any]) -> str:
    return str(me.get("company") or "").strip() or f"Zoom account {me.get('account_number') or me['account_id']}"


def environment_app() -> ZoomOAuthApp | None:
    """The admin-managed app configured by ZOOM_CLIENT_ID/SECRET, kept in step with the environment."""
    if not settings.ZOOM_CLIENT_ID:
        return None
    webhook = ",".join(settings.ZOOM_WEBHOOK_SECRET_TOKEN)
    app, created = ZoomOAuthApp.objects.get_or_create(
        client_id=settings.ZOOM_CLIENT_ID,
        defaults={
            "kind": ZoomOAuthApp.Kind.OAUTH,
            "client_secret": settings.ZOOM_CLIENT_SECRET,
            "webhook_secret_token": webhook,
            "from_environment": True,
        },
    )
    if not created and (app.client_secret != settings.ZOOM_CLIENT_SECRET or app.webhook_secret_token != webhook):
        app.client_secret = settings.ZOOM_CLIENT_SECRET
        app.webhook_secret_token = webhook
        app.save(update_fields=["client_secret", "webhook_secret_token", "updated_at"])
    return app


def sign_in_uses_connection_app() -> bool:
    return not settings.ZOOM_LOGIN_CLIENT_ID


class AccountNotAllowed(ZoomError):
    """A Zoom account that ZOOM_ALLOWED_ACCOUNT_IDS does not list tried to become a tenant."""

    def __init__(self, zoom_account_id: str):
        super().__init__(f"The Zoom account {zoom_account_id} may not be added to this dashboard.")


def may_create_tenant(zoom_account_id: str) -> bool:
    """ZOOM_ALLOWED_ACCOUNT_IDS lists the Zoom accounts that may become tenants; empty: any."""
    allowed = settings.ZOOM_ALLOWED_ACCOUNT_IDS
    return not allowed or zoom_account_id in allowed


def find_account(me: dict[str, Any]) -> ZoomAccount | None:
    return ZoomAccount.objects.filter(zoom_account_id=str(me["account_id"])).first()


def upsert_account(me: dict[str, Any], *, rename: bool = True) -> ZoomAccount:
    """The tenant of the Zoom account of ``me`` (a Zoom admin): created when the allow list lets it,
    and renamed after Zoom's company name when ``rename`` (only a connect renames a tenant)."""
    account = find_account(me)
    if account is None:
        if not may_create_tenant(str(me["account_id"])):
            raise AccountNotAllowed(str(me["account_id"]))
        account, created = ZoomAccount.objects.get_or_create(
            zoom_account_id=str(me["account_id"]), defaults={"name": account_name(me)}
        )
        if created:
            return account
    if rename and me.get("company") and account.name != account_name(me):
        account.name = account_name(me)
        account.save(update_fields=["name"])
    return account


def save_oauth_connection(app: ZoomOAuthApp, me: dict[str, Any], tokens: oauth.TokenSet) -> ZoomOAuthConnection:
    """Create or renew the connection of ``app`` to the account of the authorizing user."""
    with transaction.atomic():
        account = upsert_account(me)
        conn, _ = ZoomOAuthConnection.objects.get_or_create(zoom_oauth_app=app, account=account)
        conn.user_id = str(me.get("id", ""))
        conn.state = ZoomOAuthConnection.State.CONNECTED
        conn.connection_failure_data = None
        conn.access_token = tokens.access_token
        conn.refresh_token = tokens.refresh_token
        conn.access_token_expires_at = tokens.expires_at
        conn.scopes = tokens.scope
        conn.metadata = {**conn.metadata, "authorized_by_role": str(me.get("role_name", ""))}
        conn.token_refreshed_at = timezone.now()
        conn.save()
    return conn


def whoami(access_token: str) -> dict[str, Any]:
    """The Zoom user a fresh token belongs to (before any connection exists to budget it)."""
    return zoom_users.me_with_token(access_token)


def connect_from_code(
    app: ZoomOAuthApp, code: str, redirect_uri: str, code_verifier: str = ""
) -> tuple[ZoomOAuthConnection, dict[str, Any]]:
    """Finish the "Connect Zoom account" flow: exchange the code (with its PKCE verifier), learn
    whose account it is."""
    tokens = oauth.exchange_code(app.client_id, app.client_secret, code, redirect_uri, code_verifier)
    me = whoami(tokens.access_token)
    return save_oauth_connection(app, me, tokens), me


def connect_server_to_server(
    *, account_id: str, client_id: str, client_secret: str, webhook_secret_token: str = ""
) -> ZoomOAuthConnection:
    """Check Server-to-Server credentials against Zoom, then store them (encrypted)."""
    tokens = oauth.account_credentials(client_id, client_secret, account_id)
    me = whoami(tokens.access_token)
    if me.get("account_id") != account_id:
        raise ZoomError("These credentials belong to another Zoom account.")
    with transaction.atomic():
        app, _ = ZoomOAuthApp.objects.update_or_create(
            client_id=client_id,
            defaults={
                "kind": ZoomOAuthApp.Kind.SERVER_TO_SERVER,
                "client_secret": client_secret,
                "webhook_secret_token": webhook_secret_token,
            },
        )
        return save_oauth_connection(app, me, tokens)


def disconnect_connection(conn: ZoomOAuthConnection, *, actor=None, actor_label: str | None = None) -> str:
    """Revoke the grant at Zoom and forget the tokens. Returns a message for the admin."""
    app = conn.zoom_oauth_app
    token = conn.refresh_token or conn.access_token
    message = "Disconnected and revoked at Zoom."
    result = "ok"
    if token and not conn.is_server_to_server:
        try:
            oauth.revoke(app.client_id, app.client_secret, token)
        except ZoomTemporaryError as exc:
            message = f"Disconnected here; Zoom could not be reached to revoke the grant ({exc.message})."
            result = "failed"
    elif conn.is_server_to_server:
        message = "Disconnected. Server-to-Server apps are deactivated in Zoom's App Marketplace."
    conn.state = ZoomOAuthConnection.State.DISCONNECTED
    conn.connection_failure_data = {"error": "disconnected", "message": "Disconnected by an admin."}
    conn.access_token = ""
    conn.refresh_token = ""
    conn.access_token_expires_at = None
    conn.save()
    audit.record(
        action="connection.disconnected",
        account=conn.account,
        actor=actor,
        actor_label=actor_label,
        target_type="connection",
        target_id=conn.pk,
        target_label=str(conn.zoom_oauth_app),
        result=result,
        message=message,
    )
    return message
