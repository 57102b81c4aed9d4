"""Users and groups: create, read, edit, deactivate and activate, group in and out, delete."""

from __future__ import annotations

import pytest

from apps.sandbox import demo
from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import users
from apps.zoom.errors import ZoomRefused


def walk(client: ZoomClient) -> None:
    me = users.get_user(client, "me")
    assert users.get_user(client, me["id"])["email"] == demo.DEMO_ADMIN_EMAIL
    assert "licensed_users_count" in users.user_summary(client)
    created = users.create_user(client, action="custCreate", user_info={
        "email": "endpoint.walk@northwind.example", "type": 1, "first_name": "Endpoint", "last_name": "Walk"})
    user_id = created["id"]
    users.update_user(client, user_id, {"dept": "QA", "job_title": "Tester"})
    assert users.get_user(client, user_id)["dept"] == "QA"
    users.set_user_status(client, user_id, action="deactivate")
    assert users.get_user(client, user_id)["status"] == "inactive"
    users.set_user_status(client, user_id, action="activate")
    group = next(iter(client.paginate(users.GROUPS.path, users.GROUPS.key)))
    users.add_group_members(client, group["id"], [{"id": user_id}])
    assert group["id"] in users.get_user(client, user_id)["group_ids"]
    users.remove_group_member(client, group["id"], user_id)
    assert group["id"] not in users.get_user(client, user_id)["group_ids"]
    users.delete_user(client, user_id, action="delete", transfer_email=demo.DEMO_ADMIN_EMAIL, transfer_meeting=True,
                      transfer_webinar=True, transfer_recording=False)
    with pytest.raises(ZoomRefused):
        users.get_user(client, user_id)
