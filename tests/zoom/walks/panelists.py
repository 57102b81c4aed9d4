"""A webinar's panelist: added, listed, removed."""

from __future__ import annotations

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import events, panelists

from . import me, start_time


def walk(client: ZoomClient) -> None:
    webinar_id = events.create_event(client, "webinar", me(client), {
        "topic": "Panel walk", "type": 5, "start_time": start_time(), "duration": 60})["id"]
    panelists.add_panelists(client, webinar_id, [{"name": "Pat Panel", "email": "pat.panel@example.org"}])
    [panelist] = panelists.list_panelists(client, webinar_id)
    assert panelist["email"] == "pat.panel@example.org"
    panelists.remove_panelist(client, webinar_id, panelist["id"])
    assert panelists.list_panelists(client, webinar_id) == []
