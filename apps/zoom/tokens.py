"""The token service: hands out a valid access token for a connection.

Exactly one refresh happens however many threads, processes or workers ask at once:
the refresh runs inside a transaction that holds the connection's row (PostgreSQL:
SELECT … FOR UPDATE; SQLite: the IMMEDIATE transaction set in settings takes the
write lock), re-reads the row, and saves Zoom's rotated refresh token before it
commits, so nobody can use the new access token before the new refresh token is safe.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from apps.accounts.models import ZoomOAuthConnection

from . import oauth
from .errors import ReconnectNeeded

logger = logging.getLogger("apps.zoom")


def _is_fresh(conn: ZoomOAuthConnection) -> bool:
    if not conn.access_token or conn.access_token_expires_at is None:
        return False
    margin = dt.timedelta(seconds=settings.ZOOM_TOKEN_REFRESH_MARGIN)
    return conn.access_token_expires_at - margin > timezone.now()


def _reconnect_error(conn: ZoomOAuthConnection) -> ReconnectNeeded:
    failure = conn.connection_failure_data or {}
    return ReconnectNeeded(
        failure.get("message") or "This Zoom connection is disconnected: reconnect it on Settings.",
        code=failure.get("error"),
    )


def get_access_token(connection_id: str, *, rejected_token: str | None = None) -> str:
    """A valid access token for the connection.

    ``rejected_token`` is the token Zoom just answered 401 to: it is refreshed even if
    it looks fresh, unless someone else already replaced it.
    """
    conn = ZoomOAuthConnection.objects.select_related("zoom_oauth_app").get(pk=connection_id)
    if not conn.is_connected:
        raise _reconnect_error(conn)
    if _is_fresh(conn) and conn.access_token != rejected_token:
        return conn.access_token
    return _refresh(connection_id, rejected_token)


def force_refresh(connection_id: str) -> str:
    """Refresh now whatever the expiry (keeps an idle refresh token alive)."""
    conn = ZoomOAuthConnection.objects.get(pk=connection_id)
    if not conn.is_connected:
        raise _reconnect_error(conn)
    # Treating the current token as rejected forces a refresh, unless another caller
    # replaced it meanwhile (then that refresh already did the job).
    return _refresh(connection_id, rejected_token=conn.access_token or None)


def _locked_connection(connection_id: str) -> ZoomOAuthConnection:
    qs = ZoomOAuthConnection.objects.select_related("zoom_oauth_app")
    db = router.db_for_write(ZoomOAuthConnection)
    if connections[db].features.has_select_for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.get(pk=connection_id)


def _refresh(connection_id: str, rejected_token: str | None) -> str:
    failure: ReconnectNeeded | None = None
    with transaction.atomic():
        conn = _locked_connection(connection_id)
        if not conn.is_connected:
            raise _reconnect_error(conn)
        if _is_fresh(conn) and conn.access_token != rejected_token:
            return conn.access_token  # another caller refreshed while we waited
        app = conn.zoom_oauth_app
        try:
            if conn.is_server_to_server:
                tokens = oauth.account_credentials(app.client_id, app.client_secret, conn.account.zoom_account_id)
            else:
                if not conn.refresh_token:
                    raise ReconnectNeeded("This connection has no refresh token", code="invalid_grant")
                tokens = oauth.refresh(app.client_id, app.client_secret, conn.refresh_token)
        except ReconnectNeeded as exc:
            mark_disconnected(conn, exc)
            failure = exc
        else:
            conn.access_token = tokens.access_token
            if tokens.refresh_token:
                conn.refresh_token = tokens.refresh_token
            conn.access_token_expires_at = tokens.expires_at
            conn.token_refreshed_at = timezone.now()
            if tokens.scope:
                conn.scopes = tokens.scope
            conn.save(
                update_fields=[
                    "access_token",
                    "refresh_token",
                    "access_token_expires_at",
                    "token_refreshed_at",
                    "scopes",
                    "updated_at",
                ]
            )
            logger.info("zoom token refreshed connection=%s", conn.pk)
            return tokens.access_token
    assert failure is not None
    raise failure


def mark_disconnected(conn: ZoomOAuthConnection, exc: ReconnectNeeded) -> None:
    """Record why the grant is gone; nothing will try this connection again until reconnected."""
    conn.state = ZoomOAuthConnection.State.DISCONNECTED
    conn.connection_failure_data = {
        "error": str(exc.code or "invalid_grant"),
        "message": exc.message,
        "status": exc.status,
        "at": timezone.now().isoformat(),
    }
    conn.access_token = ""
    conn.refresh_token = ""
    conn.access_token_expires_at = None
    conn.save(
        update_fields=[
            "state",
            "connection_failure_data",
            "access_token",
            "refresh_token",
            "access_token_expires_at",
            "updated_at",
        ]
    )
    logger.warning("zoom connection disconnected connection=%s error=%s", conn.pk, exc.code)
