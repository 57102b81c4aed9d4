"""The control API's limits, faults, latency, webhooks and demo sizes; and the same against a
real sandbox process (SandboxServer)."""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from apps.sandbox import demo, rest
from apps.sandbox.areas.users.models import SandboxGroup, SandboxGroupMember
from apps.sandbox.models import SandboxUser
from apps.sandbox.testing import SandboxServer


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


@pytest.mark.urls("apps.sandbox.urls")
@pytest.mark.django_db(databases=["sandbox"])
class TestControlApi:
    @pytest.fixture(autouse=True)
    def fresh_runtime_state(self) -> None:
        rest.reset_runtime_state()

    def test_webhook_settings_are_stored_and_read_back(self, client: Client) -> None:
        demo.reset()
        off = {"ok": True, "enabled": False, "url": "", "secret_set": False, "pending": 0}
        assert client.get("/_sandbox/webhooks").json() == off
        body = post(client, "/_sandbox/webhooks",
                    {"enabled": True, "url": "http://127.0.0.1:8000/webhooks/zoom/", "secret": "s3cret"})
        assert body.json() == {"ok": True, "enabled": True, "url": "http://127.0.0.1:8000/webhooks/zoom/",
                               "secret_set": True, "pending": 0}
        assert post(client, "/_sandbox/webhooks", {"enabled": False}).json()["url"].endswith("/webhooks/zoom/")

    def test_webhook_settings_need_a_boolean_and_an_http_url(self, client: Client) -> None:
        assert post(client, "/_sandbox/webhooks", {"enabled": "yes"}).status_code == 400
        assert post(client, "/_sandbox/webhooks", {"enabled": True, "url": "ftp://x"}).status_code == 400
        # Zoom signs every event: sending needs the app's secret token.
        assert post(client, "/_sandbox/webhooks", {"enabled": True, "url": "http://127.0.0.1:9/"}).status_code == 400

    def test_a_fault_needs_a_status_or_drop_and_known_keys(self, client: Client) -> None:
        assert post(client, "/_sandbox/faults", {"count": 1}).status_code == 400
        assert post(client, "/_sandbox/faults", {"status": 418}).status_code == 400
        assert post(client, "/_sandbox/faults", {"status": 500, "colour": "red"}).status_code == 400
        assert post(client, "/_sandbox/faults", {"status": 500, "count": 2}).json() == {"ok": True, "faults": 1}

    def test_latency_is_set_in_milliseconds_within_bounds(self, client: Client) -> None:
        assert post(client, "/_sandbox/latency", {"ms": 25}).json() == {"ok": True, "ms": 25}
        assert rest.STATE.latency_ms == 25
        assert post(client, "/_sandbox/latency", {"ms": -1}).status_code == 400

    def test_the_limits_can_be_read_back(self, client: Client) -> None:
        post(client, "/_sandbox/limits", {"plan": "pro", "overrides": {"Light": 5}})
        body = client.get("/_sandbox/limits").json()
        assert body["plan"] == {"*": "pro"} and body["overrides"] == {"Light": 5} and body["enabled"] is True

    def test_a_licensed_seat_cap_is_a_count_or_null(self, client: Client) -> None:
        assert post(client, "/_sandbox/limits", {"licensed_seats": 3}).json()["licensed_seats"] == {"*": 3}
        assert rest.licensed_seats_for("any-account") == 3
        assert post(client, "/_sandbox/limits", {"licensed_seats": -1}).status_code == 400
        assert post(client, "/_sandbox/limits", {"licensed_seats": "3"}).status_code == 400
        assert post(client, "/_sandbox/limits", {"licensed_seats": None}).json()["licensed_seats"] == {}
        assert post(client, "/_sandbox/limits", {"plan": "pro"}).json()["licensed_seats"] == {}

    def test_a_reset_takes_meetings_and_registrants_counts(self, client: Client) -> None:
        assert post(client, "/_sandbox/reset", {"users": 10, "meetings": 2, "registrants": 5}).status_code == 200
        assert post(client, "/_sandbox/reset", {"meetings": "many"}).status_code == 400
        assert post(client, "/_sandbox/reset", {"registrants": -1}).status_code == 400

    def test_a_large_demo_has_departments_groups_time_zones_and_some_inactive_and_pending_users(
        self, client: Client
    ) -> None:
        started = time.monotonic()
        data = post(client, "/_sandbox/reset", {"seed": 5, "users": 2000}).json()
        assert time.monotonic() - started < 10
        assert data["accounts"][0]["users"] == 2000 and data["accounts"][0]["groups"] == 7
        users = SandboxUser.objects.using("sandbox").filter(account__name=demo.DEMO_ACCOUNT_NAME)
        statuses = {s: users.filter(status=s).count() for s in ("active", "inactive", "pending")}
        assert 20 <= statuses["inactive"] <= 100 and 10 <= statuses["pending"] <= 60
        assert set(users.values_list("dept", flat=True)) == set(demo.DEPARTMENTS)
        assert users.values("timezone").distinct().count() >= 10
        assert users.values("job_title").distinct().count() >= 15
        non_pending = users.exclude(status="pending").count()
        assert SandboxGroupMember.objects.using("sandbox").filter(
            group__account__name=demo.DEMO_ACCOUNT_NAME
        ).values("user").distinct().count() == non_pending
        assert SandboxGroup.objects.using("sandbox").count() == 9

    def test_a_large_demo_is_deterministic_by_seed(self, client: Client) -> None:
        def dump() -> list[tuple]:
            return list(SandboxUser.objects.using("sandbox").order_by("zoom_id").values_list(
                "zoom_id", "email", "status", "dept", "job_title", "timezone", "group_memberships__group__zoom_id"))

        post(client, "/_sandbox/reset", {"seed": 9, "users": 500})
        first = dump()
        post(client, "/_sandbox/reset", {"seed": 9, "users": 500})
        assert dump() == first


# --- against a real sandbox process ---------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxServer]:
    record = tmp_path_factory.mktemp("record") / "exchanges.jsonl"
    with SandboxServer(users=60, record_path=record) as zoom:
        zoom.record_file = record  # type: ignore[attr-defined]
        yield zoom


@pytest.fixture
def live(server: SandboxServer) -> SandboxServer:
    server.reset(users=60)
    return server


def s2s_token(zoom: SandboxServer) -> str:
    import base64

    account_id = zoom.state()["accounts"][0]["id"]
    basic = base64.b64encode(f"{demo.S2S_APP[0]}:{demo.S2S_APP[1]}".encode()).decode()
    data = urllib.parse.urlencode({"grant_type": "account_credentials", "account_id": account_id}).encode()
    request = urllib.request.Request(zoom.url + "/oauth/token", data=data, headers={"Authorization": f"Basic {basic}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]


def call(zoom: SandboxServer, token: str, path: str, method: str = "GET", body: Any = None) -> tuple[int, Any, Any]:
    request = urllib.request.Request(
        zoom.api_url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None, response.headers
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        return exc.code, json.loads(raw) if raw else None, exc.headers


def test_a_real_sandbox_answers_429_with_the_headers_after_a_low_override(live: SandboxServer) -> None:
    token = s2s_token(live)
    live.set_limits(overrides={"Medium": 1})
    assert call(live, token, "/users")[0] == 200
    status, body, headers = call(live, token, "/users")
    assert status == 429 and body["code"] == 429
    assert headers["X-RateLimit-Category"] == "Medium" and headers["Retry-After"]
    live.set_limits(enabled=False)
    assert call(live, token, "/users")[0] == 200


def test_a_real_sandbox_drops_the_connection_when_told(live: SandboxServer) -> None:
    token = s2s_token(live)
    live.add_fault(drop=True)
    with pytest.raises((http.client.IncompleteRead, ConnectionError, urllib.error.URLError)):
        call(live, token, "/users")
    assert call(live, token, "/users")[0] == 200


def test_a_real_sandbox_fails_after_n_pages_and_faults_can_be_cleared(live: SandboxServer) -> None:
    token = s2s_token(live)
    live.add_fault(500, fail_after_pages=1, count=3)
    status, body, _ = call(live, token, "/users?page_size=10")
    assert status == 200
    assert call(live, token, f"/users?page_size=10&next_page_token={body['next_page_token']}")[0] == 500
    live.clear_faults()
    assert call(live, token, f"/users?page_size=10&next_page_token={body['next_page_token']}")[0] == 200


def test_a_real_sandbox_stores_the_webhook_setting_and_latency(live: SandboxServer) -> None:
    assert live.set_webhooks(True, "http://127.0.0.1:9/hook", "s3cret") == {
        "ok": True, "enabled": True, "url": "http://127.0.0.1:9/hook", "secret_set": True, "pending": 0}
    live.set_webhooks(False)
    token = s2s_token(live)
    live.set_latency(150)
    started = time.monotonic()
    call(live, token, "/users/me")
    assert time.monotonic() - started >= 0.15
    live.set_latency(0)


def test_a_real_sandbox_records_its_exchanges_for_the_contract_test(live: SandboxServer) -> None:
    token = s2s_token(live)
    call(live, token, "/users/summary")
    lines = [json.loads(line) for line in Path(live.record_file).read_text().splitlines()]  # type: ignore[attr-defined]
    summary = [r for r in lines if r["path"] == "/v2/users/summary"][-1]
    assert summary["operation"] == "GET /v2/users/summary" and summary["status"] == 200
    assert "licensed_users_count" in summary["response"]


def test_a_real_sandbox_keeps_its_data_across_restarts_with_keep(tmp_path: Path) -> None:
    db = tmp_path / "keep.sqlite3"
    with SandboxServer(users=30, env={"SANDBOX_DATABASE_PATH": str(db)}) as first:
        first_ids = [a["id"] for a in first.state()["accounts"]]
        token = s2s_token(first)
        call(first, token, "/users", "POST", {"action": "custCreate",
                                             "user_info": {"email": "kept@northwind.example", "type": 1}})
    with SandboxServer(users=30, env={"SANDBOX_DATABASE_PATH": str(db)}, extra_args=["--keep"]) as second:
        assert [a["id"] for a in second.state()["accounts"]] == first_ids
        assert second.state()["accounts"][0]["users"] == 31


def test_a_real_sandbox_closes_the_socket_of_a_dropped_connection(live: SandboxServer) -> None:
    """The client sees the cut at once, not after its read timeout."""
    import socket

    token = s2s_token(live)
    live.add_fault(drop=True)
    host, port = urllib.parse.urlsplit(live.url).netloc.split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET /v2/users HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):  # b"" once the server has closed its side
            received += chunk
    assert time.monotonic() - started < 5
    assert received.startswith(b"HTTP/1.1 200") and b"Content-Length: 4096" in received
    assert len(received.split(b"\r\n\r\n", 1)[1]) < 4096
    assert call(live, token, "/users")[0] == 200
