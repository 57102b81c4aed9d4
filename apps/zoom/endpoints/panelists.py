"""A webinar's panelists (Zoom's Meetings API, tag "Webinars"). Webinars only: meetings have none."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import LIGHT, MEDIUM, Area, Operation

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("panelists", spec="meetings.openapi.json", operations=(
    Operation("GET", "/webinars/{webinarId}/panelists", MEDIUM, None, True),  # one answer, not paginated
    Operation("POST", "/webinars/{webinarId}/panelists", MEDIUM),
    Operation("DELETE", "/webinars/{webinarId}/panelists", LIGHT, None, True),
    Operation("DELETE", "/webinars/{webinarId}/panelists/{panelistId}", LIGHT, None, True),
))


def list_panelists(client: ZoomClient, webinar_id: int | str) -> list[dict[str, Any]]:
    """Every panelist of the webinar (Zoom answers them all at once)."""
    answer = client.call("GET", "/webinars/{webinarId}/panelists", webinarId=webinar_id) or {}
    return answer.get("panelists") or []


def add_panelists(client: ZoomClient, webinar_id: int | str, panelists: list[dict[str, Any]]) -> dict[str, Any] | None:
    """``panelists``: ``{"name", "email"}`` each. Zoom refuses past the plan's panelist limit (code 3000)."""
    return client.call("POST", "/webinars/{webinarId}/panelists", json={"panelists": panelists},
                       webinarId=webinar_id)


def remove_panelist(client: ZoomClient, webinar_id: int | str, panelist_id: str) -> None:
    client.call("DELETE", "/webinars/{webinarId}/panelists/{panelistId}", webinarId=webinar_id,
                panelistId=panelist_id)
