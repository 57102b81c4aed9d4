"""Zoom webhooks: verify the signature, store the event once, hand it to a worker.

Zoom signs every event with the app's secret token (DESIGN.md, "Zoom facts"):
``x-zm-signature`` = ``v0=`` + hex HMAC-SHA256(secret, ``v0:{x-zm-request-timestamp}:{raw body}``).
The secrets tried are those of the connection(s) of the event's account, found by
``payload.account_id`` (DESIGN.md, "Webhook secrets"); several per app, for rotation.

Nothing here logs a body: it holds registrants' personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.accounts.models import ZoomAccount, ZoomOAuthConnection
from apps.zoom.errors import ZoomTemporaryError

from .models import WebhookEvent

logger = logging.getLogger(__name__)

URL_VALIDATION = "endpoint.url_validation"
TIMESTAMP_TOLERANCE = 5 * 60  # seconds, either way


class Rejected(Exception):
    """The request is not a valid Zoom event; ``status`` is the HTTP answer."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Incoming:
    raw: bytes
    body: dict[str, Any]
    account: ZoomAccount | None
    secret: str = ""

    @property
    def event_type(self) -> str:
        return str(self.body.get("event") or "")


# --- Signatures ----------------------------------------------------------------------------


def sign(secret: str, message: str | bytes) -> str:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def signature_for(secret: str, timestamp: str, raw: bytes) -> str:
    return "v0=" + sign(secret, b"v0:" + timestamp.encode() + b":" + raw)


def environment_secrets() -> list[str]:
    return [s for s in settings.ZOOM_WEBHOOK_SECRET_TOKEN if s]


def secrets_for(account: ZoomAccount | None) -> list[str]:
    """The secrets an event of ``account`` may be signed with, in order.

    Each connection's app may carry its own (comma-separated, for rotation); the app
    configured by environment also answers to ZOOM_WEBHOOK_SECRET_TOKEN, read from this
    process's settings (the app row is only synced when someone signs in or connects).
    An event of no known account can only be checked against the environment's secrets.
    """
    if account is None:
        return environment_secrets()
    found: list[str] = []
    connections = ZoomOAuthConnection.objects.filter(account=account).select_related("zoom_oauth_app")
    for conn in connections.order_by("state", "-updated_at"):  # "connected" sorts before "disconnected"
        app = conn.zoom_oauth_app
        found += app.webhook_secrets
        if app.from_environment:
            found += environment_secrets()
    return list(dict.fromkeys(found))


def parse(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Rejected(400, "malformed JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("event"), str):
        raise Rejected(400, "not a Zoom event")
    if body.get("payload") is not None and not isinstance(body["payload"], dict):
        raise Rejected(400, "not a Zoom event")
    return body


def account_of(body: dict[str, Any]) -> ZoomAccount | None:
    account_id = (body.get("payload") or {}).get("account_id")
    if not isinstance(account_id, str) or not account_id:
        return None
    return ZoomAccount.objects.filter(zoom_account_id=account_id).first()


def check_timestamp(timestamp: str, now: float | None = None) -> None:
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        raise Rejected(401, "missing or invalid x-zm-request-timestamp") from None
    # Zoom sends seconds; accept milliseconds too rather than reject a whole integration.
    if sent > 10**11:
        sent //= 1000
    if abs((now if now is not None else time.time()) - sent) > TIMESTAMP_TOLERANCE:
        raise Rejected(401, "stale x-zm-request-timestamp")


def verify(raw: bytes, signature: str, timestamp: str) -> Incoming:
    """Parse and authenticate one delivery, or raise Rejected (400 or 401).

    ``endpoint.url_validation`` is verified too, as Zoom's own sample does: answering it
    computes an HMAC of the caller's ``plainToken`` with our secret, which an unsigned
    caller could otherwise use to sign any event it likes.
    """
    body = parse(raw)
    account = account_of(body)
    candidates = secrets_for(account)
    if not candidates:
        # Fail closed: an unverifiable event is refused, and the admin must see why.
        logger.error(
            "zoom webhook refused: no webhook secret configured for account %s (event %s)",
            getattr(account, "zoom_account_id", None) or "unknown", body.get("event"),
        )
        raise Rejected(401, "no webhook secret configured")
    if not signature:
        raise Rejected(401, "missing x-zm-signature")
    check_timestamp(timestamp)
    given = signature.encode()
    matched = ""
    for secret in candidates:  # compare with every one: the time taken does not tell which
        if hmac.compare_digest(given, signature_for(secret, timestamp, raw).encode()) and not matched:
            matched = secret
    if not matched:
        raise Rejected(401, "bad x-zm-signature")
    return Incoming(raw=raw, body=body, account=account, secret=matched)


def url_validation_answer(incoming: Incoming) -> dict[str, str]:
    """Zoom's endpoint check: ``encryptedToken`` = hex HMAC-SHA256(secret, plainToken).

    The secret is the one that signed the request: the first secret of the connection of
    ``payload.account_id`` when it names a connected account, else the first of
    ZOOM_WEBHOOK_SECRET_TOKEN (Zoom validates a URL when it is saved in the app, possibly
    before any account is connected). During a rotation it is the new one Zoom now uses.
    """
    payload = incoming.body.get("payload") or {}
    plain = payload.get("plainToken")
    if not isinstance(plain, str) or not plain or len(plain) > 256:
        raise Rejected(400, "missing plainToken")
    return {"plainToken": plain, "encryptedToken": sign(incoming.secret, plain)}


# --- Storing ---------------------------------------------------------------------------------


def dedupe_key(body: dict[str, Any]) -> str:
    """SHA-256 of the event's canonical JSON (sorted keys, no spaces).

    Zoom puts no event id in the body, and its headers change with each delivery (the
    timestamp and signature are new on a retry), but a redelivery carries the same event,
    event_ts and payload. Canonical JSON, rather than the raw bytes, keeps a re-serialized
    copy of the same event from counting twice.
    """
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def store(incoming: Incoming) -> tuple[WebhookEvent | None, bool]:
    """Store the event (a redelivery is a no-op) and enqueue its application after commit.

    Returns (event, created); the event is None for a redelivery.
    """
    body = incoming.body
    event_ts = body.get("event_ts")
    event = WebhookEvent(
        account=incoming.account,
        event_type=incoming.event_type[:100],
        event_ts=event_ts if isinstance(event_ts, int) and not isinstance(event_ts, bool) else None,
        dedupe_key=dedupe_key(body),
        payload=body.get("payload") or {},
    )
    if incoming.account is None:
        event.status = WebhookEvent.Status.IGNORED
        event.error = "No connected Zoom account has this account_id."
    try:
        with transaction.atomic():
            event.save(force_insert=True)
    except IntegrityError:
        return None, False
    if event.status == WebhookEvent.Status.RECEIVED:
        send(event.pk)
    return event, True


def send(event_id: int) -> None:
    from .tasks import apply_event

    transaction.on_commit(lambda: apply_event.delay(event_id))


# --- Applying: claim, outcome, retries ---------------------------------------------------------


def claim(event_id: int, lease: int = 120) -> WebhookEvent | None:
    """Take a received event for ``lease`` seconds; exactly one caller wins."""
    now = timezone.now()
    won = (
        WebhookEvent.objects.filter(pk=event_id, status=WebhookEvent.Status.RECEIVED)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(locked_until=now + dt.timedelta(seconds=lease), attempts=F("attempts") + 1)
    )
    return WebhookEvent.objects.select_related("account").get(pk=event_id) if won else None


def finish(event: WebhookEvent, status: str, error: str = "") -> None:
    WebhookEvent.objects.filter(pk=event.pk).update(
        status=status, error=error[:2000], locked_until=None,
        applied_at=timezone.now() if status == WebhookEvent.Status.APPLIED else None,
    )


def is_transient(exc: Exception) -> bool:
    return isinstance(exc, ZoomTemporaryError | OperationalError)


def retry_delay(attempts: int) -> int:
    return min(settings.WEBHOOK_RETRY_CAP, settings.WEBHOOK_RETRY_BASE * 2 ** max(0, attempts - 1))


def process(event_id: int) -> tuple[str, int | None]:
    """Claim and apply one event. Returns (outcome, retry in seconds or None).

    Transient failures (Zoom unreachable or rate-limited, a locked database) leave the
    event received, locked until its retry is due; after WEBHOOK_MAX_ATTEMPTS, or on any
    other error, it is marked failed with the reason, for an admin to see and retry.
    """
    from .apply import apply

    event = claim(event_id)
    if event is None:
        return "not claimed", None
    try:
        outcome, note = apply(event)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if is_transient(exc) and event.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
            delay = retry_delay(event.attempts)
            WebhookEvent.objects.filter(pk=event.pk).update(
                error=reason[:2000], locked_until=timezone.now() + dt.timedelta(seconds=delay + 30)
            )
            logger.warning("webhook event %s (%s) failed, retry in %ss", event.pk, event.event_type, delay)
            return "retry", delay
        logger.warning("webhook event %s (%s) failed: %s", event.pk, event.event_type, type(exc).__name__)
        finish(event, WebhookEvent.Status.FAILED, reason)
        return WebhookEvent.Status.FAILED, None
    finish(event, outcome, note)
    return outcome, None


def release_for_retry(event_id: int) -> None:
    """The lease of an event whose retry is now due (so the retried task can claim it)."""
    WebhookEvent.objects.filter(pk=event_id, status=WebhookEvent.Status.RECEIVED).update(locked_until=None)


def retry(event: WebhookEvent) -> bool:
    """An admin's "Retry" of a failed event: back to received, attempts counted afresh."""
    changed = WebhookEvent.objects.filter(pk=event.pk, status=WebhookEvent.Status.FAILED).update(
        status=WebhookEvent.Status.RECEIVED, attempts=0, locked_until=None, error=""
    )
    if changed:
        send(event.pk)
    return bool(changed)


def requeue_stuck(older_than: int = 60) -> list[int]:
    """Events still received a while after they arrived, not leased: send them again (the
    worker was down, or the message was lost). Claiming makes a duplicate harmless."""
    now = timezone.now()
    stuck = WebhookEvent.objects.filter(
        status=WebhookEvent.Status.RECEIVED, received_at__lt=now - dt.timedelta(seconds=older_than)
    ).filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
    ids = list(stuck.order_by("received_at").values_list("pk", flat=True)[:1000])
    for event_id in ids:
        send(event_id)
    return ids


def purge_old(days: int | None = None) -> int:
    days = settings.WEBHOOK_EVENT_RETENTION_DAYS if days is None else days
    deleted, _ = WebhookEvent.objects.filter(received_at__lt=timezone.now() - dt.timedelta(days=days)).delete()
    return deleted
