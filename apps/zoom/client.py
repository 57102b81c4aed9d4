"""The Zoom REST client: the only code that calls Zoom's API.

Every call: takes the account's rate budget for the operation's label, sends with
timeouts on the process's pooled session, logs one line, counts the call. A 401
refreshes the token once and retries; a 429 waits as Zoom says (or backs off); 5xx
and dropped connections are retried for reads and for writes whose repeat is safe.
Zoom's answers become plain data or one of the typed errors in errors.py; a write whose
answer was lost (after it may have been applied) fails with ZoomOutcomeUnknown, and a
DELETE retried after a lost answer that finds the object gone has succeeded.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django.conf import settings

from apps.accounts.models import ZoomOAuthConnection

from . import budget, tokens
from .endpoints import users as user_endpoints
from .errors import ReconnectNeeded, ZoomOutcomeUnknown, ZoomRefused, ZoomTemporaryError
from .http import send
from .models import count_call
from .operations import Operation, operation
from .priority import current as current_priority

logger = logging.getLogger("apps.zoom")

MAX_RETRY_AFTER = 60.0  # longer waits are not taken inline: the caller gets a temporary error


def _error_from(response) -> tuple[int | None, str]:
    try:
        body = response.json()
    except ValueError:
        return None, response.reason or f"HTTP {response.status_code}"
    if not isinstance(body, dict):
        return None, f"HTTP {response.status_code}"
    code = body.get("code")
    return (code if isinstance(code, int) else None), str(body.get("message") or response.reason or "")


def raise_for_zoom(response) -> None:
    if response.status_code < 400:
        return
    code, message = _error_from(response)
    if response.status_code == 429 or response.status_code >= 500:
        raise ZoomTemporaryError(message, status=response.status_code, code=code)
    if response.status_code == 401:
        raise ReconnectNeeded(message, status=401, code=code)
    raise ZoomRefused(message, status=response.status_code, code=code)


def _json(response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        raise ZoomTemporaryError("Zoom answered with something that is not JSON", status=response.status_code) from exc


def call_with_token(
    access_token: str, method: str, path: str, *, path_template: str | None = None, label: str = "-", **kwargs: Any
) -> Any:
    """One call with a given access token (sign-in and connect use the fresh token they hold)."""
    response = send(
        method,
        f"{settings.ZOOM_API_BASE_URL}{path}",
        log_path=path_template or path,
        label=label,
        headers={"Authorization": f"Bearer {access_token}"},
        **kwargs,
    )
    raise_for_zoom(response)
    return _json(response)


def encode_path_param(value: Any) -> str:
    """Zoom wants meeting UUIDs that start with "/" or contain "//" encoded twice."""
    text = str(value)
    once = quote(text, safe="")
    if text.startswith("/") or "//" in text:
        return quote(once, safe="")
    return once


def build_path(template: str, params: dict[str, Any]) -> str:
    return template.format(**{name: encode_path_param(value) for name, value in params.items()})


def _retry_after(response) -> float | None:
    raw = response.headers.get("Retry-After")
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _backoff(attempt: int) -> float:
    """Full jitter: anywhere between 0 and the capped exponential step."""
    return random.uniform(0, min(settings.ZOOM_RETRY_CAP, settings.ZOOM_RETRY_BASE * 2**attempt))


def _unknown(op: Operation, exc: ZoomTemporaryError) -> ZoomOutcomeUnknown:
    """A write that may have been applied, saying whether repeating it is safe."""
    return ZoomOutcomeUnknown(exc.message, status=exc.status, code=exc.code, repeatable=op.idempotent)


def _raise_for(op: Operation, response, maybe_applied: bool) -> None:
    try:
        raise_for_zoom(response)
    except ZoomTemporaryError as exc:
        if op.method != "GET" and maybe_applied:
            raise _unknown(op, exc) from exc
        raise


def _is_expired_page_token(exc: ZoomRefused) -> bool:
    return exc.status == 400 and "page token" in exc.message.lower()


class ZoomClient:
    """Calls Zoom's API on behalf of one connection (and so one account)."""

    def __init__(self, connection: ZoomOAuthConnection | str, *, priority: str | None = None):
        """``priority``: whose calls these are (see priority.py); by default the one current now."""
        self.priority = priority or current_priority()
        if isinstance(connection, str):
            connection = ZoomOAuthConnection.objects.select_related("account").get(pk=connection)
        self.connection_id = connection.pk
        self.account_pk = connection.account_id
        self.zoom_account_id = connection.account.zoom_account_id

    # --- one call -----------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        **path_params: Any,
    ) -> Any:
        """Call the operation ``method path`` (a Zoom path template) and return its JSON."""
        op = operation(method, path)
        url_path = build_path(path, path_params)
        kwargs: dict[str, Any] = {}
        if params:
            kwargs["params"] = {k: v for k, v in params.items() if v is not None}
        if json is not None:
            kwargs["json"] = json
        return self._send(op, url_path, kwargs)

    def _send(self, op: Operation, url_path: str, kwargs: dict[str, Any]) -> Any:
        token = tokens.get_access_token(self.connection_id)
        refreshed = False
        attempt = 0
        # An earlier attempt of this call may have reached Zoom and been applied (its answer was lost).
        maybe_applied = False
        while True:
            budget.take(self.zoom_account_id, op.label, self.priority)
            try:
                response = send(
                    op.method,
                    f"{settings.ZOOM_API_BASE_URL}{url_path}",
                    log_path=op.path,
                    label=op.label,
                    headers={"Authorization": f"Bearer {token}"},
                    **kwargs,
                )
            except ZoomTemporaryError as exc:
                # The request may or may not have reached Zoom: repeat only what is safe to repeat.
                count_call(self.account_pk, op.label, priority=self.priority)
                maybe_applied = maybe_applied or isinstance(exc, ZoomOutcomeUnknown)
                if not op.idempotent or attempt + 1 >= settings.ZOOM_RETRY_ATTEMPTS:
                    if op.method == "GET":  # a lost read changed nothing: only a write's outcome is unknown
                        if isinstance(exc, ZoomOutcomeUnknown):
                            raise ZoomTemporaryError(exc.message, status=exc.status, code=exc.code) from exc
                        raise
                    if maybe_applied:
                        raise _unknown(op, exc) from exc
                    raise
                time.sleep(_backoff(attempt))
                attempt += 1
                continue
            status = response.status_code
            count_call(self.account_pk, op.label, throttled=status == 429, priority=self.priority)
            if status == 404 and op.method == "DELETE" and maybe_applied:
                # The lost answer was the delete's: the object is gone, which is what was asked.
                logger.info("zoom DELETE %s: gone on the retry after a lost answer, done", op.path)
                return None
            if status == 401 and not refreshed:
                token = tokens.get_access_token(self.connection_id, rejected_token=token)
                refreshed = True
                continue
            if status == 429:
                if response.headers.get("X-RateLimit-Type", "").lower().startswith("daily"):
                    if op.label in budget.DAILY_LABELS:
                        raise budget.record_daily_cap_reached(self.zoom_account_id)
                    # A per-user daily limit (100 meeting writes per host): only that host waits.
                    _raise_for(op, response, maybe_applied)
                wait = _retry_after(response)
                if attempt + 1 >= settings.ZOOM_RETRY_ATTEMPTS or (wait or 0) > MAX_RETRY_AFTER:
                    _raise_for(op, response, maybe_applied)
                time.sleep(wait if wait is not None else _backoff(attempt))
                attempt += 1
                continue
            if status >= 500 and op.method != "GET":
                maybe_applied = True  # Zoom may have applied the write before failing to answer
            if status >= 500 and op.idempotent and attempt + 1 < settings.ZOOM_RETRY_ATTEMPTS:
                time.sleep(_backoff(attempt))
                attempt += 1
                continue
            _raise_for(op, response, maybe_applied)
            return _json(response)

    # --- lists ----------------------------------------------------------------------

    def pages(
        self,
        path: str,
        key: str,
        *,
        params: dict[str, Any] | None = None,
        page_size: int | None = None,
        start_token: str = "",
        **path_params: Any,
    ) -> Iterator[tuple[list[dict[str, Any]], str]]:
        """Each page of a list as (items, next_page_token), at the largest page size allowed.

        Every page resends every original filter. ``start_token`` resumes a listing; when a
        page token has expired (Zoom keeps them 15 minutes) the listing restarts from the
        first page, so callers must treat items idempotently (the mirror upserts them).
        """
        op = operation("GET", path)
        size = page_size or op.page_size_max
        base = dict(params or {})
        if size:
            base["page_size"] = size
        token = start_token
        restarts = 0
        while True:
            query = {**base, "next_page_token": token} if token else dict(base)
            try:
                page = self.call("GET", path, params=query, **path_params)
            except ZoomRefused as exc:
                if token and _is_expired_page_token(exc) and restarts < 3:
                    logger.info("zoom page token expired path=%s: restarting the listing", path)
                    restarts += 1
                    token = ""
                    continue
                raise
            token = (page or {}).get("next_page_token") or ""
            yield (page or {}).get(key) or [], token
            if not token:
                return

    def paginate(
        self,
        path: str,
        key: str,
        *,
        params: dict[str, Any] | None = None,
        page_size: int | None = None,
        id_field: str = "id",
        **path_params: Any,
    ) -> Iterator[dict[str, Any]]:
        """Every item of a list, each once, even when the listing had to restart."""
        seen: set[Any] = set()
        for items, _ in self.pages(path, key, params=params, page_size=page_size, **path_params):
            for item in items:
                marker = item.get(id_field) if isinstance(item, dict) else None
                if marker is not None:
                    if marker in seen:
                        continue
                    seen.add(marker)
                yield item

    # --- conveniences -----------------------------------------------------------------

    def get_me(self) -> dict[str, Any]:
        return user_endpoints.get_user(self, "me")
