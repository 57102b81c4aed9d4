"""Panelist writes (the webinar's own; its schedule, edit and delete are apps.events.services).

They go to Zoom first through ``audited_write``, then the webinar's panelists are re-read
into the mirror (``sync_panelists``); a refusal becomes a ``ZoomWriteError`` on its field.
"""

from __future__ import annotations

import logging

from apps.accounts.models import ZoomAccount
from apps.events.services import daily_cap
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import panelists as zoom_panelists
from apps.zoom.errors import ZoomError
from apps.zoom.writes import Fields, Target, ZoomWriteError, audited_write

from .models import Panelist, Webinar
from .sync import sync_panelists
from .types import WEBINAR

logger = logging.getLogger(__name__)

PANELIST_LIMIT_CODE = 3000  # Zoom: "You have reached the limit for the number of panelists you can add."
# "Invalid field: panelists[0].email." -> the panelist form's field (Fields drops the index).
PANELIST_FIELDS = Fields(names={"panelists.name": "name", "panelists.email": "email"})


def panelist_limit(webinar: Webinar, exc: ZoomError) -> ZoomWriteError | None:
    if exc.code == PANELIST_LIMIT_CODE or "limit" in (exc.message or "").lower():
        return ZoomWriteError(
            f"Zoom refused: “{webinar.topic}” already has as many panelists as Zoom allows for this account's "
            f"webinar plan. Remove a panelist first, or raise the webinar capacity at Zoom. ({exc.message})",
            field=None, status=exc.status, code=exc.code)
    return daily_cap(WEBINAR, exc)


def _write(action: str, account: ZoomAccount, actor, webinar: Webinar, email: str, detail: dict, send) -> ZoomClient:
    def call() -> ZoomClient:
        client = client_for(account)
        send(client)
        return client

    return audited_write(action, account, actor, Target(type="panelist", id=webinar.zoom_id, label=email), call,
                         fields=PANELIST_FIELDS, detail=detail, explain=lambda exc: panelist_limit(webinar, exc))


def _resync(webinar: Webinar, client: ZoomClient) -> None:
    try:
        sync_panelists(webinar, client)
    except ZoomError as exc:  # written at Zoom; the next sync catches up
        logger.warning("panelists of webinar %s not re-read: %s", webinar.zoom_id, exc)


def add_panelist(account: ZoomAccount, actor, webinar: Webinar, *, name: str, email: str) -> None:
    client = _write("panelist.added", account, actor, webinar, email,
                    {"webinar": webinar.zoom_id, "name": name, "email": email},
                    lambda client: zoom_panelists.add_panelists(client, webinar.zoom_id,
                                                                [{"name": name, "email": email}]))
    _resync(webinar, client)


def remove_panelist(account: ZoomAccount, actor, webinar: Webinar, panelist: Panelist) -> None:
    client = _write("panelist.removed", account, actor, webinar, panelist.email,
                    {"webinar": webinar.zoom_id, "panelist_id": panelist.zoom_id, "email": panelist.email},
                    lambda client: zoom_panelists.remove_panelist(client, webinar.zoom_id, panelist.zoom_id))
    _resync(webinar, client)
