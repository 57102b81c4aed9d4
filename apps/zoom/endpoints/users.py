"""Users and groups (Zoom's User API).

``user_id`` is what Zoom's paths accept for a user: its id, its email (a pending user has no
id yet), or "me".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import LIGHT, MEDIUM, Area, Listing, Operation

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("users", spec="users.openapi.json", operations=(
    Operation("GET", "/users", MEDIUM, 2000, True),
    Operation("POST", "/users", LIGHT),
    Operation("GET", "/users/summary", MEDIUM, None, True),
    Operation("GET", "/users/{userId}", LIGHT, None, True),
    Operation("PATCH", "/users/{userId}", LIGHT, None, True),
    Operation("DELETE", "/users/{userId}", LIGHT, None, True),
    Operation("PUT", "/users/{userId}/status", LIGHT, None, True),
    Operation("GET", "/groups", MEDIUM, 300, True),
    Operation("GET", "/groups/{groupId}/members", MEDIUM, 2000, True),
    Operation("POST", "/groups/{groupId}/members", MEDIUM),
    Operation("DELETE", "/groups/{groupId}/members/{memberId}", LIGHT, None, True),
))

# Walked by the mirror's syncs. /users lists one status at a time (params={"status": ...}).
USERS = Listing("/users", "users")
GROUPS = Listing("/groups", "groups")


def _flag(value: bool | None) -> str | None:
    """Zoom's query booleans are the words true/false; None leaves the parameter out."""
    return None if value is None else str(value).lower()


def me_with_token(access_token: str) -> dict[str, Any]:
    """``GET /users/me`` with a fresh access token, before any connection exists to budget it
    (sign-in and connect ask whose token it is)."""
    from apps.zoom.client import call_with_token  # the client imports this table

    return call_with_token(access_token, "GET", "/users/me", path_template="/users/{userId}", label=LIGHT)


def get_user(client: ZoomClient, user_id: str) -> dict[str, Any]:
    return client.call("GET", "/users/{userId}", userId=user_id)


def user_summary(client: ZoomClient) -> dict[str, Any] | None:
    """Seat counts per licence type."""
    return client.call("GET", "/users/summary")


def create_user(client: ZoomClient, *, action: str, user_info: dict[str, Any]) -> dict[str, Any] | None:
    """``action``: create, autoCreate, custCreate or ssoCreate; ``user_info`` holds email, type, names
    (and the password for autoCreate). POST /users takes no department: update the user after."""
    return client.call("POST", "/users", json={"action": action, "user_info": user_info})


def update_user(client: ZoomClient, user_id: str, changes: dict[str, Any]) -> None:
    """PATCH only the given profile fields. Not the role: that is roles.add_role_members."""
    client.call("PATCH", "/users/{userId}", json=changes, userId=user_id)


def set_user_status(client: ZoomClient, user_id: str, *, action: str) -> None:
    """``action``: activate, deactivate (or clock_in, clock_out)."""
    client.call("PUT", "/users/{userId}/status", json={"action": action}, userId=user_id)


def delete_user(client: ZoomClient, user_id: str, *, action: str, transfer_email: str | None = None,
                transfer_meeting: bool | None = None, transfer_webinar: bool | None = None,
                transfer_recording: bool | None = None) -> None:
    """``action``: delete or disassociate; optionally hand meetings, webinars, recordings to
    ``transfer_email``. Parameters left None are not sent."""
    params = {"action": action, "transfer_email": transfer_email, "transfer_meeting": _flag(transfer_meeting),
              "transfer_webinar": _flag(transfer_webinar), "transfer_recording": _flag(transfer_recording)}
    client.call("DELETE", "/users/{userId}", params={k: v for k, v in params.items() if v is not None},
                userId=user_id)


def add_group_members(client: ZoomClient, group_id: str, members: list[dict[str, str]]) -> dict[str, Any] | None:
    """``members``: up to 30 of ``{"id": ...}`` or ``{"email": ...}``."""
    return client.call("POST", "/groups/{groupId}/members", json={"members": members}, groupId=group_id)


def remove_group_member(client: ZoomClient, group_id: str, member_id: str) -> None:
    client.call("DELETE", "/groups/{groupId}/members/{memberId}", groupId=group_id, memberId=member_id)
