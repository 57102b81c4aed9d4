"""The sandbox sends a Zoom-signed event for each change it makes, when turned on."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from apps.zoom.client import ZoomClient
from tests.conftest import wait_for

from .conftest import SECRET, zoom_signature


@pytest.fixture
def receiver():
    """A bare HTTP endpoint that keeps what it receives: (headers, raw body)."""
    received: list[tuple[dict[str, str], bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(({k.lower(): v for k, v in self.headers.items()}, raw))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


@pytest.mark.django_db
def test_each_change_is_sent_signed_with_zoom_s_headers_and_body_shape(connect, zoom, receiver):
    url, received = receiver
    conn = connect()
    client = ZoomClient(conn)
    zoom.set_webhooks(True, url, SECRET)
    try:
        user = client.call("POST", "/users", json={"action": "custCreate", "user_info": {
            "email": "sent@northwind.example", "type": 1, "first_name": "Sent"}})
        client.call("PUT", "/users/{userId}/status", userId=user["id"], json={"action": "deactivate"})
        meeting = client.call("POST", "/users/{userId}/meetings", userId="me", json={
            "topic": "Hooks", "type": 2, "start_time": "2027-02-01T10:00:00Z", "duration": 30,
            "settings": {"approval_type": 1}})
        added = client.call("POST", "/meetings/{meetingId}/registrants", meetingId=meeting["id"],
                            json={"email": "r@example.com", "first_name": "R"})
        client.call("PUT", "/meetings/{meetingId}/registrants/status", meetingId=meeting["id"],
                    json={"action": "approve", "registrants": [{"id": added["registrant_id"]}]})
        client.call("PATCH", "/meetings/{meetingId}", meetingId=meeting["id"], json={"topic": "Hooks 2"})
        client.call("DELETE", "/meetings/{meetingId}", meetingId=meeting["id"])
        client.call("DELETE", "/users/{userId}", userId=user["id"], params={"action": "delete"})
        wait_for(lambda: len(received) >= 8)
    finally:
        zoom.set_webhooks(False)
    bodies = [json.loads(raw) for _, raw in received]
    assert [b["event"] for b in bodies] == [
        "user.created", "user.deactivated", "meeting.created", "meeting.registration_created",
        "meeting.registration_approved", "meeting.updated", "meeting.deleted", "user.deleted"]
    for headers, raw in received:
        assert headers["content-type"] == "application/json"
        assert headers["x-zm-signature"] == zoom_signature(SECRET, headers["x-zm-request-timestamp"], raw)
    registration = bodies[3]
    assert registration["payload"]["account_id"] == conn.account.zoom_account_id
    assert registration["payload"]["object"]["id"] == meeting["id"]
    assert registration["payload"]["object"]["registrant"]["email"] == "r@example.com"
    assert registration["payload"]["object"]["registrant"]["status"] == "pending"
    assert isinstance(registration["event_ts"], int)


@pytest.mark.django_db
def test_nothing_is_sent_while_webhooks_are_off(connect, zoom, receiver):
    _url, received = receiver
    client = ZoomClient(connect())
    client.call("POST", "/users", json={"action": "custCreate", "user_info": {
        "email": "quiet@northwind.example", "type": 1, "first_name": "Quiet"}})
    assert zoom.webhooks()["pending"] == 0 and received == []
