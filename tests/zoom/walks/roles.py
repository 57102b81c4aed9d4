"""Roles: a member is made an Admin through the roles endpoint, and reads back as one."""

from __future__ import annotations

from apps.sandbox import demo
from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import roles, users

ADMIN_ROLE = "1"  # Zoom's built-in Admin role


def walk(client: ZoomClient) -> None:
    member = users.get_user(client, demo.DEMO_MEMBER_EMAIL)
    assert str(member["role_id"]) != ADMIN_ROLE
    roles.add_role_members(client, ADMIN_ROLE, [{"id": member["id"]}])
    assert str(users.get_user(client, member["id"])["role_id"]) == ADMIN_ROLE
