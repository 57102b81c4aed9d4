"""GET /v2/users/me and /v2/users/{userId}, checked against Zoom's spec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from sandbox_helpers import bearer, token_request, tokens_for

from apps.sandbox.demo import (
    ADMIN_APP,
    DEMO_ADMIN_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_OWNER_EMAIL,
    OTHER_ACCOUNT_OWNER_EMAIL,
    S2S_APP,
    USER_APP,
    demo_account_ids,
)

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]

SPEC_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "boolean": bool,
    "array": list,
    "object": dict,
}


def user_schema() -> dict[str, Any]:
    """The merged properties of GET /users/{userId}'s 200 response in users.openapi.json."""
    path = Path(settings.BASE_DIR).parent / "shared" / "zoom-api" / "users.openapi.json"
    spec = json.loads(path.read_text())
    schema = spec["paths"]["/users/{userId}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in schema["allOf"]:
        properties.update(part.get("properties", {}))
        required.update(part.get("required", []))
    return {"properties": properties, "required": required}


def admin_token(client: Client) -> str:
    return tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)["access_token"]


def test_users_me_has_only_the_spec_fields_with_the_spec_types(client: Client, zoom: dict) -> None:
    schema = user_schema()
    me = client.get("/v2/users/me", **bearer(admin_token(client))).json()
    assert schema["required"] <= set(me)
    unknown = set(me) - set(schema["properties"])
    assert not unknown, f"not in the spec: {unknown}"
    for name, value in me.items():
        expected = SPEC_TYPES[schema["properties"][name]["type"]]
        assert isinstance(value, expected), f"{name} should be {expected}"
        if expected is int:
            assert not isinstance(value, bool), name


def test_users_me_carries_the_account_and_role(client: Client, zoom: dict) -> None:
    me = client.get("/v2/users/me", **bearer(admin_token(client))).json()
    needed = {
        "id", "email", "first_name", "last_name", "display_name", "type", "status", "role_name", "role_id",
        "verified", "account_id", "account_number", "company", "pic_url", "timezone", "pmi", "created_at",
    }
    assert needed <= set(me)
    assert me["email"] == DEMO_ADMIN_EMAIL
    assert (me["role_name"], me["role_id"]) == ("Admin", "1")
    assert me["account_id"] == demo_account_ids(1)[0]
    assert me["company"] == "Northwind Events"
    assert me["verified"] == 1 and me["status"] == "active"
    assert len(me["id"]) == 22
    assert me["created_at"].endswith("Z")


def test_users_me_for_an_s2s_token_is_the_account_owner(client: Client, zoom: dict) -> None:
    data = token_request(client, S2S_APP, grant_type="account_credentials", account_id=demo_account_ids(1)[0]).json()
    me = client.get("/v2/users/me", **bearer(data["access_token"])).json()
    assert (me["email"], me["role_name"], me["role_id"]) == (DEMO_OWNER_EMAIL, "Owner", "0")


def test_a_missing_token_is_answered_with_code_124(client: Client, zoom: dict) -> None:
    response = client.get("/v2/users/me")
    assert response.status_code == 401
    assert response.json() == {"code": 124, "message": "Invalid access token."}


def test_an_unknown_token_is_answered_with_code_124(client: Client, zoom: dict) -> None:
    response = client.get("/v2/users/me", **bearer("not-a-token"))
    assert response.status_code == 401
    assert response.json() == {"code": 124, "message": "Invalid access token."}


def test_an_access_token_expires_after_an_hour_of_sandbox_time(client: Client, zoom: dict) -> None:
    token = admin_token(client)
    client.post("/_sandbox/clock", {"advance_seconds": 3599}, content_type="application/json")
    assert client.get("/v2/users/me", **bearer(token)).status_code == 200
    client.post("/_sandbox/clock", {"advance_seconds": 2}, content_type="application/json")
    response = client.get("/v2/users/me", **bearer(token))
    assert response.status_code == 401
    assert response.json() == {"code": 124, "message": "Access token is expired."}


def test_a_user_is_found_by_id_or_by_email_within_the_tokens_account(client: Client, zoom: dict) -> None:
    token = admin_token(client)
    by_email = client.get(f"/v2/users/{DEMO_MEMBER_EMAIL}", **bearer(token)).json()
    assert by_email["email"] == DEMO_MEMBER_EMAIL
    by_id = client.get(f"/v2/users/{by_email['id']}", **bearer(token)).json()
    assert by_id == by_email


def test_a_user_of_another_account_does_not_exist(client: Client, zoom: dict) -> None:
    response = client.get(f"/v2/users/{OTHER_ACCOUNT_OWNER_EMAIL}", **bearer(admin_token(client)))
    assert response.status_code == 404
    assert response.json() == {"code": 1001, "message": f"User does not exist: {OTHER_ACCOUNT_OWNER_EMAIL}."}


def test_a_member_can_read_only_their_own_user(client: Client, zoom: dict) -> None:
    token = tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"]
    assert client.get(f"/v2/users/{DEMO_MEMBER_EMAIL}", **bearer(token)).status_code == 200
    response = client.get(f"/v2/users/{DEMO_OWNER_EMAIL}", **bearer(token))
    assert response.status_code == 400
    assert response.json()["code"] == 200


def test_the_profile_picture_url_answers_with_an_image(client: Client, zoom: dict) -> None:
    me = client.get("/v2/users/me", **bearer(admin_token(client))).json()
    path = me["pic_url"].removeprefix("http://testserver")
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
