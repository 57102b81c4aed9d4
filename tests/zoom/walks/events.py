"""A meeting and a webinar: created, found in the host's list, read, edited, invitation, deleted."""

from __future__ import annotations

import pytest

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import KINDS, events
from apps.zoom.errors import ZoomRefused

from . import me, start_time

TYPES = {"meeting": 2, "webinar": 5}  # scheduled


def walk(client: ZoomClient) -> None:
    host_id = me(client)
    for kind in KINDS:
        body = {"topic": "Endpoint walk", "type": TYPES[kind], "start_time": start_time(), "duration": 45,
                "timezone": "UTC", "settings": {"approval_type": 1}}
        event_id = events.create_event(client, kind, host_id, body)["id"]
        listing = events.listing(kind)
        assert event_id in {e["id"] for e in client.paginate(listing.path, listing.key,
                                                             **listing.path_params(host_id))}
        events.update_event(client, kind, event_id, {"topic": "Endpoint walk, renamed", "agenda": "Renamed"})
        assert events.get_event(client, kind, event_id)["topic"] == "Endpoint walk, renamed"
        if kind == "meeting":
            assert "Endpoint walk, renamed" in events.meeting_invitation(client, event_id)["invitation"]
        events.delete_event(client, kind, event_id, notify_registrants=False)
        with pytest.raises(ZoomRefused):
            events.get_event(client, kind, event_id)
