"""Sessions end: an idle timeout and an absolute lifetime (SESSION_IDLE_TIMEOUT, SESSION_LIFETIME)."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from apps.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from apps.sandbox import demo
from tests.accounts.test_signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(zoom) -> Client:
    client = Client()
    assert sign_in(client, zoom.url, demo.DEMO_ADMIN_EMAIL, demo.ADMIN_APP[0]).status_code == 200
    return client


def age(client: Client, **seconds_ago: float) -> None:
    """Move the session's clocks back, as if that much time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = session[key] - ago
    session.save()


def is_signed_out(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all(settings):
    assert (settings.SESSION_IDLE_TIMEOUT, settings.SESSION_LIFETIME) == (30 * 60, 12 * 3600)


def test_a_session_idle_for_longer_than_the_timeout_ends(signed_in, settings):
    age(signed_in, **{LAST_SEEN_AT: settings.SESSION_IDLE_TIMEOUT + 5})
    assert is_signed_out(signed_in)
    page = signed_in.get("/accounts/login/")
    assert b"signed out after a while without activity" in page.content
    assert is_signed_out(signed_in)  # for good: the session was flushed


def test_activity_keeps_a_session_alive_within_the_lifetime(signed_in, settings):
    # Three stretches of just under the idle timeout each: longer than it in all, never idle that long.
    for _ in range(3):
        almost = settings.SESSION_IDLE_TIMEOUT - 60
        age(signed_in, **{SIGNED_IN_AT: almost, LAST_SEEN_AT: almost})
        assert signed_in.get("/").status_code == 200
    assert time.time() - signed_in.session[LAST_SEEN_AT] < 5


def test_a_session_ends_after_its_lifetime_even_when_active(signed_in, settings):
    age(signed_in, **{SIGNED_IN_AT: settings.SESSION_LIFETIME + 5})
    assert is_signed_out(signed_in)
    assert b"Your session ended" in signed_in.get("/accounts/login/").content


def test_the_timeouts_are_settings(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 10
    age(signed_in, **{LAST_SEEN_AT: 11})
    assert is_signed_out(signed_in)
