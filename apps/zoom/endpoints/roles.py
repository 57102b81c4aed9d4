"""Roles (Zoom's Accounts API). A user's role changes here, not through the user update.

The Accounts API's spec is not vendored: labels follow Zoom's documentation of each endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import LIGHT, MEDIUM, Area, Operation

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("roles", spec=None, source="Zoom Accounts API, Roles (developers.zoom.us/docs/api/accounts/)",
            operations=(
                Operation("GET", "/roles", MEDIUM, 300, True),
                Operation("GET", "/roles/{roleId}/members", MEDIUM, 300, True),
                Operation("POST", "/roles/{roleId}/members", MEDIUM),
                Operation("DELETE", "/roles/{roleId}/members/{memberId}", LIGHT, None, True),
            ))


def add_role_members(client: ZoomClient, role_id: str, members: list[dict[str, str]]) -> dict[str, Any] | None:
    """Give ``role_id`` to ``members`` (``{"id": ...}`` or ``{"email": ...}``); Zoom moves them from their old role."""
    return client.call("POST", "/roles/{roleId}/members", json={"members": members}, roleId=role_id)
