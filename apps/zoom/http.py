"""One pooled requests Session per process, with timeouts on every call."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError

from .errors import ZoomOutcomeUnknown, ZoomTemporaryError

logger = logging.getLogger("apps.zoom")

_session: requests.Session | None = None
_session_pid: int | None = None


def session() -> requests.Session:
    """The process's Session; a forked worker gets its own (sockets are not shared)."""
    global _session, _session_pid
    if _session is None or _session_pid != os.getpid():
        s = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=0)
        s.mount("https://", adapter)
        s.mount("http://", adapter)
        s.headers["User-Agent"] = "zoom-admin/1.0"
        _session, _session_pid = s, os.getpid()
    return _session


def send(method: str, url: str, *, log_path: str, label: str = "-", **kwargs: Any) -> requests.Response:
    """Send one request and log one line (method, path template, status, ms, label).

    ``log_path`` is the path template ("/users/{userId}"), never the real URL: it could
    carry an email or a token. A request that never left (no connection could be made)
    becomes ZoomTemporaryError; one that may have reached Zoom before its answer was lost (a
    read timeout, a connection cut after sending) becomes ZoomOutcomeUnknown.
    """
    kwargs.setdefault("timeout", settings.ZOOM_HTTP_TIMEOUT)
    started = time.monotonic()
    try:
        response = session().request(method, url, **kwargs)
    except requests.RequestException as exc:
        ms = (time.monotonic() - started) * 1000
        logger.warning("zoom %s %s failed %s %.0fms label=%s", method, log_path, type(exc).__name__, ms, label)
        if never_sent(exc):
            raise ZoomTemporaryError(f"Zoom could not be reached ({type(exc).__name__})") from exc
        raise ZoomOutcomeUnknown(f"Zoom's answer did not arrive ({type(exc).__name__})") from exc
    ms = (time.monotonic() - started) * 1000
    logger.info("zoom %s %s %s %.0fms label=%s", method, log_path, response.status_code, ms, label)
    return response


def never_sent(exc: requests.RequestException) -> bool:
    """True when the request cannot have reached Zoom: the connection was never made (refused,
    no route, name not resolved, connect timeout). Anything else may have been received."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError) and not isinstance(exc, requests.exceptions.SSLError):
        cause = exc.args[0] if exc.args else None
        return isinstance(cause, MaxRetryError) and isinstance(cause.reason, ConnectTimeoutError)
    return False
