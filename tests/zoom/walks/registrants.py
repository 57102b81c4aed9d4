"""Registrants of a meeting and a webinar: one added by hand, three in a batch, all approved."""

from __future__ import annotations

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import KINDS, events, registrants

from . import me, start_time

TYPES = {"meeting": 2, "webinar": 5}  # scheduled: the batch add takes no recurring event


def walk(client: ZoomClient) -> None:
    host_id = me(client)
    for kind in KINDS:
        event_id = events.create_event(client, kind, host_id, {
            "topic": "Registrants walk", "type": TYPES[kind], "start_time": start_time(), "duration": 30,
            "settings": {"approval_type": 1}})["id"]  # manual approval: new registrants are pending
        one = registrants.add_registrant(client, kind, event_id, email="one@example.org", first_name="One",
                                         last_name="Person", org="Example Org")
        assert one["registrant_id"]
        batch = registrants.batch_registrants(client, kind, event_id, auto_approve=False, registrants=[
            {"email": f"batch{i}@example.org", "first_name": "Batch", "last_name": str(i)} for i in range(3)])
        assert len(batch["registrants"]) == 3
        listing = registrants.listing(kind)
        pending = list(client.paginate(listing.path, listing.key, params={"status": "pending"},
                                       **listing.path_params(event_id)))
        assert len(pending) == 4
        registrants.set_registrant_status(client, kind, event_id, action="approve",
                                          registrants=[{"id": r["id"], "email": r["email"]} for r in pending])
        approved = client.paginate(listing.path, listing.key, params={"status": "approved"},
                                   **listing.path_params(event_id))
        assert {r["id"] for r in approved} == {r["id"] for r in pending}
