"""The beat task that keeps idle refresh tokens alive, run by a real Celery worker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from apps.accounts.models import ZoomOAuthConnection
from apps.zoom.tasks import idle_connections, refresh_idle_connections
from tests.conftest import wait_for

REFRESH_CALL = "POST /oauth/token grant_type=refresh_token"


def make_idle(conn: ZoomOAuthConnection, days: int = 8) -> dt.datetime:
    when = timezone.now() - dt.timedelta(days=days)
    ZoomOAuthConnection.objects.filter(pk=conn.pk).update(token_refreshed_at=when)
    return when


@pytest.mark.django_db
def test_only_connected_oauth_connections_idle_for_a_week_are_due(connect):
    conn = connect()
    assert idle_connections() == []
    make_idle(conn, days=6)
    assert idle_connections() == []
    make_idle(conn, days=8)
    assert idle_connections() == [conn.pk]
    ZoomOAuthConnection.objects.filter(pk=conn.pk).update(state="disconnected")
    assert idle_connections() == []


@pytest.mark.django_db
def test_the_task_refreshes_idle_connections_and_records_failures(connect, zoom):
    from apps.sandbox import demo
    from apps.zoom import oauth

    healthy, revoked = connect(), connect(demo.OTHER_ACCOUNT_ADMIN_EMAIL)
    make_idle(healthy)
    make_idle(revoked)
    oauth.revoke(*demo.ADMIN_APP, revoked.refresh_token)
    assert refresh_idle_connections() == {"refreshed": 1, "failed": 1}
    revoked.refresh_from_db()
    assert revoked.state == "disconnected"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_idle_refresh(connect, zoom, celery_worker_process):
    conn = connect()
    idle_since = make_idle(conn)
    old_refresh = conn.refresh_token
    zoom.reset_calls()
    refresh_idle_connections.delay()

    def refreshed():
        conn.refresh_from_db()
        return conn.token_refreshed_at > idle_since

    wait_for(refreshed)
    assert conn.refresh_token != old_refresh
    assert zoom.calls()[REFRESH_CALL] == 1
