"""Zoom-signed webhooks sent by the sandbox after each change it makes.

Turned on through the control API (``POST /_sandbox/webhooks {"enabled", "url", "secret"}``).
Each event is sent as Zoom sends it: a JSON body ``{"event", "event_ts", "payload":
{"account_id", "operator"?, "object"}}`` with ``x-zm-request-timestamp`` (seconds) and
``x-zm-signature`` = ``v0=`` + hex HMAC-SHA256(secret, ``v0:{timestamp}:{body}``).

Sending happens on one background thread, so the API answers at once and events reach
the app in the order the changes were made; a failed delivery is retried twice.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
from django.http import HttpRequest

from .models import SandboxAccount, SandboxWebhookConfig
from .services import DB, iso, now

logger = logging.getLogger(__name__)

_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sandbox-webhooks")
_session = requests.Session()
_pending = 0
_pending_lock = threading.Lock()
RETRY_DELAYS = (0.5, 2.0)


def config() -> SandboxWebhookConfig:
    row, _ = SandboxWebhookConfig.objects.using(DB).get_or_create(pk=1)
    return row


def signed_request(secret: str, body: dict[str, Any], timestamp: int | None = None) -> tuple[bytes, dict[str, str]]:
    raw = json.dumps(body, separators=(",", ":")).encode()
    ts = str(timestamp if timestamp is not None else int(now().timestamp()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
    headers = {"content-type": "application/json", "x-zm-request-timestamp": ts, "x-zm-signature": f"v0={digest}",
               "user-agent": "Zoom Marketplace/1.0a"}
    return raw, headers


def _deliver(url: str, secret: str, body: dict[str, Any]) -> None:
    global _pending
    try:
        for attempt, delay in enumerate((0.0, *RETRY_DELAYS)):
            time.sleep(delay)
            raw, headers = signed_request(secret, body)  # a new timestamp and signature per attempt
            try:
                answer = _session.post(url, data=raw, headers=headers, timeout=(3, 10))
            except requests.RequestException as exc:
                logger.warning("sandbox webhook %s not delivered (attempt %s): %s", body["event"], attempt + 1,
                               type(exc).__name__)
                continue
            if answer.status_code < 500:
                if answer.status_code >= 400:
                    logger.warning("sandbox webhook %s refused: %s", body["event"], answer.status_code)
                return
    finally:
        with _pending_lock:
            _pending -= 1


def send(account: SandboxAccount | None, event: str, obj: dict[str, Any], *,
         request: HttpRequest | None = None, **extra: Any) -> bool:
    """Queue one event when webhooks are on; returns whether it was queued."""
    global _pending
    settings = config()
    if not settings.enabled or not settings.url or account is None:
        return False
    payload: dict[str, Any] = {"account_id": account.zoom_id}
    operator = _operator(request)
    if operator:
        payload["operator"], payload["operator_id"] = operator
    payload["object"] = obj
    payload.update(extra)
    body = {"event": event, "event_ts": int(now().timestamp() * 1000), "payload": payload}
    with _pending_lock:
        _pending += 1
    _sender.submit(_deliver, settings.url, settings.secret, body)
    return True


def pending() -> int:
    """Events queued or being delivered (for tests and the control API)."""
    return _pending


def _operator(request: HttpRequest | None) -> tuple[str, str] | None:
    token = getattr(request, "zoom_token", None)
    user = getattr(token, "user", None)
    if user is None:
        return None
    return user.email, user.zoom_id


# --- Object shapes (as in Zoom's event reference) ----------------------------------------------


def user_object(user: Any, **changes: Any) -> dict[str, Any]:
    return {"id": user.zoom_id, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
            "type": user.type, **changes}


def event_object(event: Any) -> dict[str, Any]:
    return {"uuid": event.uuid, "id": event.zoom_id, "host_id": event.host.zoom_id, "topic": event.topic,
            "type": event.type, "start_time": iso(event.start_time), "duration": event.duration,
            "timezone": event.timezone}


def registrant_object(registrant: Any) -> dict[str, Any]:
    return {"id": registrant.zoom_id, "first_name": registrant.first_name, "last_name": registrant.last_name,
            "email": registrant.email, "status": registrant.status, "custom_questions": registrant.custom_questions,
            "create_time": iso(registrant.create_time)}


# --- One-line hooks for the write endpoints ------------------------------------------------------


def user_changed(request: HttpRequest, event: str, user: Any, **changes: Any) -> None:
    send(user.account, f"user.{event}", user_object(user, **changes), request=request)


def event_changed(request: HttpRequest, noun: str, action: str, event: Any, **extra: Any) -> None:
    obj = {**event_object(event), **extra}
    send(event.account, f"{noun.lower()}.{action}", obj, request=request)


def registration(request: HttpRequest | None, noun: str, action: str, event: Any, registrants: list[Any]) -> None:
    """``action``: created, approved, denied or cancelled; one event per registrant, as at Zoom."""
    for registrant in registrants:
        obj = {**event_object(event), "registrant": registrant_object(registrant)}
        if action != "created":
            obj["registrant"].pop("status")
        send(event.account, f"{noun.lower()}.registration_{action}", obj, request=request)
