"""The few Zoom errors the rest of the project needs to tell apart.

Each carries the HTTP status, Zoom's own error code and message, so a form can show
Zoom's words on the right field and the audit log can keep them.
"""

from __future__ import annotations


class ZoomError(Exception):
    def __init__(self, message: str, *, status: int | None = None, code: int | str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code

    def __str__(self) -> str:
        parts = [self.message]
        if self.status:
            parts.append(f"HTTP {self.status}")
        if self.code not in (None, ""):
            parts.append(f"code {self.code}")
        return " · ".join(parts)


class ReconnectNeeded(ZoomError):
    """The connection's grant is gone (revoked, expired, wrong credentials): an admin must reconnect."""


class ZoomTemporaryError(ZoomError):
    """Zoom is slow, down or rate-limiting: the same call may succeed later."""


class ZoomOutcomeUnknown(ZoomTemporaryError):
    """The request may have reached Zoom, but its answer was lost: a read timeout, a connection
    cut after the request was sent, or a 5xx to a write. A write may or may not have been
    applied. ``repeatable``: repeating it does no harm (a PATCH, PUT or DELETE setting a
    state); a create repeated blindly may make a second object."""

    def __init__(self, message: str, *, status: int | None = None, code: int | str | None = None,
                 repeatable: bool = False):
        super().__init__(message, status=status, code=code)
        self.repeatable = repeatable


class ZoomRefused(ZoomError):
    """Zoom understood the request and said no (validation, not found, forbidden)."""
