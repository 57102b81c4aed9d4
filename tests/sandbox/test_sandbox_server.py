"""The sandbox as a real process (``manage.py zoom_sandbox``), over real HTTP."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from apps.sandbox.demo import (
    ADMIN_APP,
    DEMO_ADMIN_EMAIL,
    DEMO_MEMBER_EMAIL,
    S2S_APP,
    demo_account_ids,
)
from apps.sandbox.testing import SandboxServer

REDIRECT_URI = "http://127.0.0.1:9/callback"


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture
def zoom(server: SandboxServer) -> SandboxServer:
    server.reset(seed=1, users=20)
    return server


def authorize(zoom: SandboxServer, app: tuple[str, str], email: str) -> requests.Response:
    url = f"{zoom.url}/oauth/authorize?" + urlencode(
        {"response_type": "code", "client_id": app[0], "redirect_uri": REDIRECT_URI, "state": "s"}
    )
    page = requests.get(url, timeout=10)
    match = re.search(r'value="(\d+)"[^>]*>\s*<label for="user-\d+">[^<]*&lt;' + re.escape(email), page.text)
    assert match
    return requests.post(url, data={"user": match.group(1)}, allow_redirects=False, timeout=10)


def login(zoom: SandboxServer, app: tuple[str, str], email: str) -> dict:
    response = authorize(zoom, app, email)
    code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    token = requests.post(
        f"{zoom.url}/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
        auth=app,
        timeout=10,
    )
    assert token.status_code == 200
    return token.json()


def test_a_real_sandbox_process_runs_the_whole_oauth_flow(zoom: SandboxServer) -> None:
    data = login(zoom, ADMIN_APP, DEMO_ADMIN_EMAIL)
    assert data["api_url"] == zoom.url
    refreshed = requests.post(
        f"{zoom.url}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": data["refresh_token"]},
        auth=ADMIN_APP,
        timeout=10,
    ).json()
    me = requests.get(
        f"{zoom.api_url}/users/me", headers={"Authorization": f"Bearer {refreshed['access_token']}"}, timeout=10
    )
    assert me.status_code == 200
    assert me.json()["email"] == DEMO_ADMIN_EMAIL
    calls = zoom.calls()
    assert calls["POST /oauth/token grant_type=refresh_token"] == 1
    assert calls["GET /v2/users/me"] == 1


def test_a_member_is_refused_for_the_admin_app_by_the_real_process(zoom: SandboxServer) -> None:
    assert authorize(zoom, ADMIN_APP, DEMO_MEMBER_EMAIL).status_code == 403


def test_advancing_the_real_clock_expires_access_tokens(zoom: SandboxServer) -> None:
    data = requests.post(
        f"{zoom.url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": demo_account_ids(1)[0]},
        auth=S2S_APP,
        timeout=10,
    ).json()
    headers = {"Authorization": f"Bearer {data['access_token']}"}
    assert requests.get(f"{zoom.api_url}/users/me", headers=headers, timeout=10).status_code == 200
    zoom.advance_clock(3601)
    expired = requests.get(f"{zoom.api_url}/users/me", headers=headers, timeout=10)
    assert expired.status_code == 401
    assert expired.json() == {"code": 124, "message": "Access token is expired."}


def test_a_reset_over_http_is_deterministic(zoom: SandboxServer) -> None:
    assert zoom.reset(seed=5, users=12) == zoom.reset(seed=5, users=12)
    assert zoom.state()["accounts"][0]["users"] == 12


def test_the_process_answers_60_concurrent_requests_and_only_one_of_20_concurrent_refreshes_wins(
    zoom: SandboxServer,
) -> None:
    data = login(zoom, ADMIN_APP, DEMO_ADMIN_EMAIL)
    zoom.reset_calls()
    headers = {"Authorization": f"Bearer {data['access_token']}"}

    def me(_: int) -> int:
        return requests.get(f"{zoom.api_url}/users/me", headers=headers, timeout=30).status_code

    def refresh(_: int) -> int:
        return requests.post(
            f"{zoom.url}/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": data["refresh_token"]},
            auth=ADMIN_APP,
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=80) as pool:
        me_results = pool.map(me, range(60))
        refresh_results = pool.map(refresh, range(20))
        statuses = Counter(me_results)
        refreshes = Counter(refresh_results)
    assert statuses == {200: 60}
    assert refreshes == {200: 1, 400: 19}
    calls = zoom.calls()
    assert calls["GET /v2/users/me"] == 60
    assert calls["POST /oauth/token grant_type=refresh_token"] == 20
