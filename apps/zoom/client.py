"""The Zoom REST client: the only code that calls Zoom's API.

This first part knows authentication (a 401 refreshes the token once and retries)
and Zoom's error bodies; pagination, retries and the rate budget build on it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from . import tokens
from .errors import ReconnectNeeded, ZoomRefused, ZoomTemporaryError
from .http import send


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
    return response.json() if response.content else None


class ZoomClient:
    """Calls Zoom's API on behalf of one connection."""

    def __init__(self, connection_id: str):
        self.connection_id = connection_id

    def request(self, method: str, path: str, *, path_template: str | None = None, label: str = "-", **kwargs: Any) -> Any:
        token = tokens.get_access_token(self.connection_id)
        try:
            return call_with_token(token, method, path, path_template=path_template, label=label, **kwargs)
        except ReconnectNeeded:
            # One refresh and one retry: the token may have been revoked or expired early.
            token = tokens.get_access_token(self.connection_id, rejected_token=token)
            return call_with_token(token, method, path, path_template=path_template, label=label, **kwargs)

    def get_me(self) -> dict[str, Any]:
        return self.request("GET", "/users/me", path_template="/users/{userId}", label="Light")
