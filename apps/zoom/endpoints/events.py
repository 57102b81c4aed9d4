"""Meetings and webinars themselves (Zoom's Meetings API, tags "Meetings" and "Webinars").

Zoom spells each endpoint twice (/meetings/{meetingId}, /webinars/{webinarId}); the
functions take ``kind`` ("meeting" or "webinar") so the events code can share one path.
Bodies are Zoom's meeting/webinar objects as the caller built them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import LIGHT, MEDIUM, Area, Kind, Listing, Operation, event_path

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("events", spec="meetings.openapi.json", operations=(
    Operation("GET", "/users/{userId}/meetings", MEDIUM, 300, True),
    Operation("POST", "/users/{userId}/meetings", MEDIUM),
    Operation("GET", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("PATCH", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("DELETE", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("PUT", "/meetings/{meetingId}/status", LIGHT, None, True),
    Operation("GET", "/meetings/{meetingId}/invitation", LIGHT, None, True),
    Operation("GET", "/users/{userId}/webinars", MEDIUM, 300, True),
    Operation("POST", "/users/{userId}/webinars", LIGHT),  # Light, where a meeting's create is Medium
    Operation("GET", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("PATCH", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("DELETE", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("PUT", "/webinars/{webinarId}/status", LIGHT, None, True),
))

# A host's scheduled events, walked by the sync (path_params: the host's user id).
LISTINGS: dict[str, Listing] = {
    "meeting": Listing("/users/{userId}/meetings", "meetings", "userId"),
    "webinar": Listing("/users/{userId}/webinars", "webinars", "userId"),
}
# DELETE's query parameters that ask Zoom to email registrants / the host. Webinars have no host one.
_CANCEL_REMINDER = {"meeting": "cancel_meeting_reminder", "webinar": "cancel_webinar_reminder"}
_HOST_REMINDER = {"meeting": "schedule_for_reminder"}


def listing(kind: Kind) -> Listing:
    event_path(kind)  # rejects an unknown kind
    return LISTINGS[kind]


def create_event(client: ZoomClient, kind: Kind, host_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Schedule in ``host_id``'s name (an admin-level connection needs no ``schedule_for``)."""
    return client.call("POST", listing(kind).path, json=body, userId=host_id)


def get_event(client: ZoomClient, kind: Kind, event_id: int | str) -> dict[str, Any]:
    """The event with its settings, recurrence and occurrences. Its ``start_url`` carries a host
    token: never store it."""
    path, param = event_path(kind)
    return client.call("GET", path, **{param: event_id})


def update_event(client: ZoomClient, kind: Kind, event_id: int | str, body: dict[str, Any], *,
                 occurrence_id: str | None = None) -> None:
    """PATCH the event, or only one occurrence of a recurring one."""
    path, param = event_path(kind)
    client.call("PATCH", path, params={"occurrence_id": occurrence_id} if occurrence_id else None, json=body,
                **{param: event_id})


def delete_event(client: ZoomClient, kind: Kind, event_id: int | str, *, occurrence_id: str | None = None,
                 notify_registrants: bool = False, notify_host: bool = False) -> None:
    """DELETE the event or one occurrence. ``notify_host`` exists for meetings only (Zoom has no
    such parameter for webinars, so it is not sent for them)."""
    path, param = event_path(kind)
    params: dict[str, Any] = {_CANCEL_REMINDER[kind]: "true" if notify_registrants else "false"}
    if kind in _HOST_REMINDER:
        params[_HOST_REMINDER[kind]] = "true" if notify_host else "false"
    if occurrence_id:
        params["occurrence_id"] = occurrence_id
    client.call("DELETE", path, params=params, **{param: event_id})


def meeting_invitation(client: ZoomClient, meeting_id: int | str) -> dict[str, Any]:
    """``{"invitation": text}``. Zoom has no invitation endpoint for webinars."""
    return client.call("GET", "/meetings/{meetingId}/invitation", meetingId=meeting_id)
