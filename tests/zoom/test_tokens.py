"""The token service against the sandbox's real token endpoint."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from apps.accounts.models import ZoomOAuthConnection
from apps.sandbox import demo
from apps.zoom import oauth, tokens
from apps.zoom.client import ZoomClient
from apps.zoom.errors import ReconnectNeeded
from tests.conftest import zoom_env
from tests.helpers import database_url

REFRESH_CALL = "POST /oauth/token grant_type=refresh_token"


def expire(conn: ZoomOAuthConnection) -> None:
    ZoomOAuthConnection.objects.filter(pk=conn.pk).update(
        access_token_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_a_fresh_token_is_served_without_calling_zoom(connect, zoom):
    conn = connect()
    zoom.reset_calls()
    assert tokens.get_access_token(conn.pk) == conn.access_token
    assert zoom.calls().get(REFRESH_CALL, 0) == 0


@pytest.mark.django_db
def test_it_refreshes_within_five_minutes_of_expiry_and_saves_the_rotated_refresh_token(connect, zoom):
    conn = connect()
    old_access, old_refresh = conn.access_token, conn.refresh_token
    ZoomOAuthConnection.objects.filter(pk=conn.pk).update(
        access_token_expires_at=timezone.now() + dt.timedelta(minutes=4)
    )
    new_access = tokens.get_access_token(conn.pk)
    conn.refresh_from_db()
    assert new_access != old_access
    assert conn.access_token == new_access
    assert conn.refresh_token and conn.refresh_token != old_refresh
    assert conn.access_token_expires_at > timezone.now() + dt.timedelta(minutes=50)
    # Zoom rotated it: the old refresh token no longer works, the saved one does.
    with pytest.raises(ReconnectNeeded):
        oauth.refresh(*demo.ADMIN_APP, old_refresh)
    assert ZoomClient(conn.pk).get_me()["email"] == demo.DEMO_ADMIN_EMAIL


@pytest.mark.django_db
def test_a_401_from_zoom_refreshes_once_and_retries(connect, zoom):
    conn = connect()
    zoom.advance_clock(3700)  # Zoom now considers the token expired; we do not know it yet
    zoom.reset_calls()
    assert ZoomClient(conn.pk).get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    assert zoom.calls()[REFRESH_CALL] == 1


@pytest.mark.django_db
def test_stored_tokens_are_not_plaintext(connect):
    conn = connect()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM accounts_zoomoauthconnection WHERE id = %s", [conn.pk]
        )
        stored_access, stored_refresh = cursor.fetchone()
    assert conn.access_token and conn.refresh_token
    assert conn.access_token not in stored_access
    assert conn.refresh_token not in stored_refresh
    with connection.cursor() as cursor:
        cursor.execute("SELECT client_secret FROM accounts_zoomoauthapp")
        (stored_secret,) = cursor.fetchone()
    assert demo.ADMIN_APP[1] not in stored_secret


@pytest.mark.django_db
def test_invalid_grant_disconnects_and_stops_further_attempts(connect, zoom):
    conn = connect()
    oauth.revoke(*demo.ADMIN_APP, conn.refresh_token)  # e.g. the app was removed at Zoom
    expire(conn)
    with pytest.raises(ReconnectNeeded):
        tokens.get_access_token(conn.pk)
    conn.refresh_from_db()
    assert conn.state == ZoomOAuthConnection.State.DISCONNECTED
    assert conn.connection_failure_data["error"] == "invalid_grant"
    assert conn.refresh_token == "" and conn.access_token == ""
    zoom.reset_calls()
    with pytest.raises(ReconnectNeeded):
        tokens.get_access_token(conn.pk)
    assert zoom.calls().get(REFRESH_CALL, 0) == 0


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_on_an_expired_token_cause_exactly_one_refresh(connect, zoom):
    conn = connect()
    expire(conn)
    zoom.reset_calls()
    barrier = threading.Barrier(50)
    results: list[str] = []

    def call() -> None:
        barrier.wait()
        try:
            results.append(tokens.get_access_token(conn.pk))
        except Exception as exc:
            results.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conn.refresh_from_db()
    assert zoom.calls()[REFRESH_CALL] == 1
    assert results == [conn.access_token] * 50


@pytest.mark.django_db(transaction=True)
def test_two_processes_of_25_threads_cause_exactly_one_refresh(connect, zoom):
    conn = connect()
    expire(conn)
    zoom.reset_calls()
    env = {**zoom_env(zoom), "DATABASE_URL": database_url(settings.DATABASES["default"])}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.zoom.token_caller", conn.pk, "25"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    received = [token for out, _ in outputs for token in json.loads(out.strip().splitlines()[-1])]
    conn.refresh_from_db()
    assert zoom.calls()[REFRESH_CALL] == 1
    assert received == [conn.access_token] * 50


@pytest.mark.django_db
def test_server_to_server_connections_ask_for_a_new_token(zoom):
    from apps.connections.services import connect_server_to_server

    account_id = next(a["id"] for a in zoom.state()["accounts"] if a["name"] == demo.DEMO_ACCOUNT_NAME)
    client_id, secret = demo.S2S_APP
    conn = connect_server_to_server(account_id=account_id, client_id=client_id, client_secret=secret)
    assert conn.refresh_token == ""
    expire(conn)
    zoom.reset_calls()
    assert tokens.get_access_token(conn.pk) != ""
    assert zoom.calls()["POST /oauth/token grant_type=account_credentials"] == 1
