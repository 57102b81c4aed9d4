"""Webinar writes: the meetings' event writes with the webinar ``WriteKind``, plus panelists.

Panelist writes go to Zoom first, then the webinar's panelists are re-read into the mirror
(``sync_panelists``); each is audited, and a refusal becomes an ``EventWriteError`` on its field.
"""

from __future__ import annotations

import logging
import re

from apps.accounts.models import ZoomAccount
from apps.meetings.services import EventWriteError, WriteKind, _audit, write_error
from apps.zoom.connections import client_for
from apps.zoom.errors import ZoomError

from .models import Panelist, Webinar
from .sync import WEBINARS, sync_panelists

logger = logging.getLogger(__name__)

WEBINAR = WriteKind(WEBINARS, "webinar", "/users/{userId}/webinars", None, "cancel_webinar_reminder",
                    host_reminder=None)

PANELIST_LIMIT_CODE = 3000  # Zoom: "You have reached the limit for the number of panelists you can add."
PANELIST_FIELD_RE = re.compile(r"panelists(?:\[\d+\])?\.(name|email)")


def panelist_error(exc: ZoomError, webinar: Webinar) -> EventWriteError:
    if exc.code == PANELIST_LIMIT_CODE or "limit" in (exc.message or "").lower():
        return EventWriteError(
            f"Zoom refused: “{webinar.topic}” already has as many panelists as Zoom allows for this account's "
            f"webinar plan. Remove a panelist first, or raise the webinar capacity at Zoom. ({exc.message})",
            field=None, status=exc.status, code=exc.code)
    error = write_error(WEBINAR, exc)
    match = PANELIST_FIELD_RE.search(exc.message or "")
    error.field = match.group(1) if match else None
    return error


def _resync(webinar: Webinar, client) -> None:
    try:
        sync_panelists(webinar, client)
    except ZoomError as exc:  # written at Zoom; the next sync catches up
        logger.warning("panelists of webinar %s not re-read: %s", webinar.zoom_id, exc)


def add_panelist(account: ZoomAccount, actor, webinar: Webinar, *, name: str, email: str) -> None:
    detail = {"webinar": webinar.zoom_id, "name": name, "email": email}
    try:
        client = client_for(account)
        client.call("POST", "/webinars/{webinarId}/panelists", json={"panelists": [{"name": name, "email": email}]},
                    webinarId=webinar.zoom_id)
    except ZoomError as exc:
        _audit("panelist.added", account, actor, target_id=webinar.zoom_id, label=email, exc=exc, detail=detail,
               noun="panelist")
        raise panelist_error(exc, webinar) from exc
    _audit("panelist.added", account, actor, target_id=webinar.zoom_id, label=email, detail=detail, noun="panelist")
    _resync(webinar, client)


def remove_panelist(account: ZoomAccount, actor, webinar: Webinar, panelist: Panelist) -> None:
    detail = {"webinar": webinar.zoom_id, "panelist_id": panelist.zoom_id, "email": panelist.email}
    try:
        client = client_for(account)
        client.call("DELETE", "/webinars/{webinarId}/panelists/{panelistId}", webinarId=webinar.zoom_id,
                    panelistId=panelist.zoom_id)
    except ZoomError as exc:
        _audit("panelist.removed", account, actor, target_id=webinar.zoom_id, label=panelist.email, exc=exc,
               detail=detail, noun="panelist")
        raise panelist_error(exc, webinar) from exc
    _audit("panelist.removed", account, actor, target_id=webinar.zoom_id, label=panelist.email, detail=detail,
           noun="panelist")
    _resync(webinar, client)
