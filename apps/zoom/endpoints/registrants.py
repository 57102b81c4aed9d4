"""Registrants of meetings and webinars (Zoom's Meetings API; the same endpoints under
/meetings/{meetingId} and /webinars/{webinarId}).

Zoom facts kept here: the list returns only approved registrants unless asked for a status;
the status call takes the plural ``registrants`` key (a singular one is silently ignored) and
at most 30 registrants; the batch add takes only scheduled (non-recurring) events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import HEAVY, LIGHT, MEDIUM, Area, Kind, Listing, event_path, per_kind

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("registrants", spec="meetings.openapi.json", operations=(
    *per_kind("GET", "/registrants", MEDIUM, 300, True),
    *per_kind("POST", "/registrants", LIGHT),
    *per_kind("POST", "/batch_registrants", HEAVY),
    *per_kind("PUT", "/registrants/status", MEDIUM, None, True),
    *per_kind("GET", "/registrants/questions", LIGHT, None, True),
    *per_kind("PATCH", "/registrants/questions", LIGHT, None, True),
    *per_kind("GET", "/registrants/{registrantId}", LIGHT, None, True),
    *per_kind("DELETE", "/registrants/{registrantId}", LIGHT, None, True),
))

STATUS_BATCH_MAX = 30  # registrants per status call (Zoom's limit)
BATCH_ADD_MAX = 30  # registrants per batch_registrants call, as the dashboard sends them

# An event's registrants; pass params={"status": ...} (pending, approved, denied).
LISTINGS: dict[str, Listing] = {
    "meeting": Listing("/meetings/{meetingId}/registrants", "registrants", "meetingId"),
    "webinar": Listing("/webinars/{webinarId}/registrants", "registrants", "webinarId"),
}


def listing(kind: Kind) -> Listing:
    event_path(kind)  # rejects an unknown kind
    return LISTINGS[kind]


def add_registrant(client: ZoomClient, kind: Kind, event_id: int | str, *, email: str, first_name: str,
                   last_name: str = "", **fields: Any) -> dict[str, Any] | None:
    """Register one person; ``fields``: Zoom's other registrant fields (org, custom_questions, ...).
    Zoom answers ``registrant_id`` (and the join URL)."""
    path, param = event_path(kind, "/registrants")
    return client.call("POST", path, json={"email": email, "first_name": first_name, "last_name": last_name,
                                           **fields}, **{param: event_id})


def batch_registrants(client: ZoomClient, kind: Kind, event_id: int | str, *, registrants: list[dict[str, Any]],
                      auto_approve: bool) -> dict[str, Any] | None:
    """Register several people in one call (scheduled events only); Zoom answers
    ``{"registrants": [{"email", "registrant_id", ...}]}`` for those it took."""
    path, param = event_path(kind, "/batch_registrants")
    return client.call("POST", path, json={"auto_approve": auto_approve, "registrants": registrants},
                       **{param: event_id})


def set_registrant_status(client: ZoomClient, kind: Kind, event_id: int | str, *, action: str,
                          registrants: list[dict[str, Any]]) -> None:
    """``action``: approve, deny or cancel; ``registrants``: ``{"id", "email"}`` each, at most 30
    (the caller batches). Zoom answers 204 whatever it applied: re-read the list to know."""
    if len(registrants) > STATUS_BATCH_MAX:
        raise ValueError(f"Zoom takes at most {STATUS_BATCH_MAX} registrants per status call, not {len(registrants)}")
    path, param = event_path(kind, "/registrants/status")
    client.call("PUT", path, json={"action": action, "registrants": registrants}, **{param: event_id})
