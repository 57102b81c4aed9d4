"""Users, groups and roles as an admin manages them: list, create, update, status, delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from sandbox_helpers import bearer, token_request, tokens_for

from apps.sandbox import registry, rest
from apps.sandbox.areas.users.models import SandboxGroup
from apps.sandbox.areas.users.users_api import transfer_user_content
from apps.sandbox.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_OWNER_EMAIL,
    OTHER_ACCOUNT_OWNER_EMAIL,
    OTHER_S2S_APP,
    S2S_APP,
    USER_APP,
    demo_account_ids,
)
from apps.sandbox.models import SandboxUser

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]


@pytest.fixture(autouse=True)
def fresh_runtime_state() -> None:
    rest.reset_runtime_state()


def s2s_token(client: Client, app: tuple[str, str] = S2S_APP, index: int = 0) -> str:
    data = token_request(client, app, grant_type="account_credentials", account_id=demo_account_ids(1)[index])
    return data.json()["access_token"]


@pytest.fixture
def auth(client: Client, zoom: dict) -> dict[str, str]:
    """An account-level (Server-to-Server) token of Northwind, as request headers."""
    return bearer(s2s_token(client))


def post(client: Client, path: str, body: Any, auth: dict[str, str]) -> Any:
    return client.post(path, body, content_type="application/json", **auth)


def patch(client: Client, path: str, body: Any, auth: dict[str, str]) -> Any:
    return client.patch(path, body, content_type="application/json", **auth)


def put(client: Client, path: str, body: Any, auth: dict[str, str]) -> Any:
    return client.put(path, body, content_type="application/json", **auth)


def northwind(email: str) -> SandboxUser:
    return SandboxUser.objects.using("sandbox").get(email=email)


# --- list ---------------------------------------------------------------------------------


def test_the_user_list_shows_active_users_by_default_in_zooms_envelope(client: Client, auth: dict) -> None:
    body = client.get("/v2/users", **auth).json()
    assert set(body) == {"page_size", "total_records", "next_page_token", "page_count", "page_number", "users"}
    assert body["page_size"] == 30 and body["next_page_token"] == ""
    assert {u["status"] for u in body["users"]} == {"active"}
    assert body["total_records"] == len(body["users"]) == 18
    assert all(u["email"].endswith("@northwind.example") for u in body["users"])


def test_the_user_list_filters_by_status_and_role(client: Client, auth: dict) -> None:
    inactive = client.get("/v2/users?status=inactive", **auth).json()["users"]
    assert [u["status"] for u in inactive] == ["inactive"]
    admins = client.get("/v2/users?role_id=1", **auth).json()["users"]
    assert [(u["email"], u["role_id"]) for u in admins] == [(DEMO_ADMIN_EMAIL, "1")]


def test_pending_users_are_listed_without_an_id_as_the_spec_says(client: Client, auth: dict) -> None:
    pending = client.get("/v2/users?status=pending", **auth).json()["users"]
    assert len(pending) == 1
    assert "id" not in pending[0] and pending[0]["verified"] == 0


def test_an_unknown_status_filter_is_a_400(client: Client, auth: dict) -> None:
    response = client.get("/v2/users?status=deleted", **auth)
    assert response.status_code == 400 and response.json()["code"] == 300


def test_listed_users_carry_their_group_ids(client: Client, auth: dict) -> None:
    users = client.get("/v2/users?page_size=100", **auth).json()["users"]
    group_ids = set(SandboxGroup.objects.using("sandbox").values_list("zoom_id", flat=True))
    assert all(u["group_ids"] and set(u["group_ids"]) <= group_ids for u in users)


def test_a_member_token_may_not_list_users(client: Client, zoom: dict) -> None:
    token = tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"]
    response = client.get("/v2/users", **bearer(token))
    assert response.status_code == 400
    assert response.json() == {"code": 200, "message": "No permission."}


def test_listing_users_is_counted_as_a_medium_call(client: Client, auth: dict) -> None:
    client.get("/v2/users", **auth)
    counts = {row["key"]: row for row in client.get("/_sandbox/calls").json()["calls"]}
    assert counts["GET /v2/users"]["label"] == "Medium"


# --- create -------------------------------------------------------------------------------


def new_user(action: str = "create", **info: Any) -> dict[str, Any]:
    return {"action": action, "user_info": {"email": "new.person@northwind.example", "type": 1,
                                            "first_name": "New", "last_name": "Person", **info}}


def test_creating_a_user_answers_201_with_the_new_id_and_leaves_them_pending(client: Client, auth: dict) -> None:
    response = post(client, "/v2/users", new_user(), auth)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "email", "first_name", "last_name", "type"}
    assert (body["email"], body["type"], len(body["id"])) == ("new.person@northwind.example", 1, 22)
    assert northwind("new.person@northwind.example").status == "pending"


@pytest.mark.parametrize("action", ["autoCreate", "custCreate", "ssoCreate"])
def test_users_created_without_a_confirmation_email_are_active_at_once(
    client: Client, auth: dict, action: str
) -> None:
    assert post(client, "/v2/users", new_user(action, password="Secr3tPass"), auth).status_code == 201
    assert northwind("new.person@northwind.example").status == "active"


def test_creating_a_user_already_in_the_account_is_a_409_code_1005(client: Client, auth: dict) -> None:
    response = post(client, "/v2/users", new_user(email=DEMO_MEMBER_EMAIL), auth)
    assert response.status_code == 409
    assert response.json() == {"code": 1005, "message": f"User already in the account: {DEMO_MEMBER_EMAIL}"}


def test_creating_the_same_user_twice_is_a_409_the_second_time(client: Client, auth: dict) -> None:
    assert post(client, "/v2/users", new_user(), auth).status_code == 201
    again = post(client, "/v2/users", new_user(email="NEW.Person@northwind.example"), auth)
    assert again.status_code == 409 and again.json()["code"] == 1005


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"user_info": {"email": "a@b.example", "type": 1}}, "action"),
        ({"action": "invite", "user_info": {"email": "a@b.example", "type": 1}}, "action"),
        ({"action": "create"}, "user_info"),
        ({"action": "create", "user_info": {"type": 1}}, "user_info.email"),
        ({"action": "create", "user_info": {"email": "not-an-email", "type": 1}}, "user_info.email"),
        ({"action": "create", "user_info": {"email": "a@b.example", "type": 3}}, "user_info.type"),
        ({"action": "create", "user_info": {"email": "a@b.example", "type": 99}}, "user_info.type"),
        ({"action": "create", "user_info": {"email": "a@b.example", "type": 1, "first_name": "x" * 65}},
         "user_info.first_name"),
        ({"action": "autoCreate", "user_info": {"email": "a@b.example", "type": 1, "password": "short"}},
         "user_info.password"),
    ],
)
def test_an_invalid_create_body_is_a_400_naming_the_field(client: Client, auth: dict, body: dict, field: str) -> None:
    response = post(client, "/v2/users", body, auth)
    assert response.status_code == 400
    data = response.json()
    assert (data["code"], data["message"]) == (300, "Validation Failed.")
    assert [e["field"] for e in data["errors"]] == [field]


def test_a_body_that_is_not_json_is_a_400(client: Client, auth: dict) -> None:
    response = client.post("/v2/users", "{nope", content_type="application/json", **auth)
    assert response.status_code == 400 and response.json()["code"] == 300


# --- get, update ---------------------------------------------------------------------------


def test_a_user_is_read_with_their_job_title_location_and_groups(client: Client, auth: dict) -> None:
    user = client.get(f"/v2/users/{DEMO_MEMBER_EMAIL}", **auth).json()
    assert user["job_title"] and user["location"] and user["dept"]
    assert len(user["group_ids"]) >= 1


def test_updating_a_user_answers_204_and_changes_the_profile(client: Client, auth: dict) -> None:
    response = patch(client, f"/v2/users/{DEMO_MEMBER_EMAIL}", {
        "first_name": "Renamed", "last_name": "Person", "type": 2, "dept": "Finance", "timezone": "Europe/Paris",
        "job_title": "Accountant", "location": "Remote", "language": "fr-FR", "company": "ignored",
    }, auth)
    assert response.status_code == 204 and response.content == b""
    user = client.get(f"/v2/users/{DEMO_MEMBER_EMAIL}", **auth).json()
    assert (user["first_name"], user["type"], user["dept"], user["timezone"], user["job_title"], user["language"]) == (
        "Renamed", 2, "Finance", "Europe/Paris", "Accountant", "fr-FR"
    )
    assert user["display_name"] == "Renamed Person"


def test_an_invalid_update_is_a_400_and_changes_nothing(client: Client, auth: dict) -> None:
    before = northwind(DEMO_MEMBER_EMAIL).first_name
    response = patch(client, f"/v2/users/{DEMO_MEMBER_EMAIL}", {"first_name": "Ok", "type": 7}, auth)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["type"]
    assert northwind(DEMO_MEMBER_EMAIL).first_name == before


def test_a_member_may_update_their_own_name_but_not_someone_elses(client: Client, zoom: dict) -> None:
    member = bearer(tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"])
    assert patch(client, "/v2/users/me", {"first_name": "Me"}, member).status_code == 204
    assert northwind(DEMO_MEMBER_EMAIL).first_name == "Me"
    other = patch(client, f"/v2/users/{DEMO_ADMIN_EMAIL}", {"first_name": "Nope"}, member)
    assert (other.status_code, other.json()["code"]) == (400, 200)


def test_updating_an_unknown_user_is_a_404_code_1001(client: Client, auth: dict) -> None:
    response = patch(client, "/v2/users/ghost@northwind.example", {"first_name": "x"}, auth)
    assert response.status_code == 404 and response.json()["code"] == 1001


# --- status --------------------------------------------------------------------------------


def test_deactivating_and_activating_a_user_answers_204_each_time(client: Client, auth: dict) -> None:
    path = f"/v2/users/{DEMO_MEMBER_EMAIL}/status"
    assert put(client, path, {"action": "deactivate"}, auth).status_code == 204
    assert northwind(DEMO_MEMBER_EMAIL).status == "inactive"
    assert put(client, path, {"action": "activate"}, auth).status_code == 204
    assert northwind(DEMO_MEMBER_EMAIL).status == "active"


def test_a_deactivated_users_tokens_stop_working(client: Client, auth: dict) -> None:
    member = bearer(tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"])
    put(client, f"/v2/users/{DEMO_MEMBER_EMAIL}/status", {"action": "deactivate"}, auth)
    assert client.get("/v2/users/me", **member).status_code == 401


def test_deactivating_the_owner_is_refused(client: Client, auth: dict) -> None:
    response = put(client, f"/v2/users/{DEMO_OWNER_EMAIL}/status", {"action": "deactivate"}, auth)
    assert response.status_code == 400 and response.json()["code"] == 300
    assert northwind(DEMO_OWNER_EMAIL).status == "active"


def test_an_unknown_status_action_is_a_400(client: Client, auth: dict) -> None:
    response = put(client, f"/v2/users/{DEMO_MEMBER_EMAIL}/status", {"action": "suspend"}, auth)
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "action"


def test_a_member_may_not_change_statuses(client: Client, zoom: dict) -> None:
    member = bearer(tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"])
    response = put(client, f"/v2/users/{DEMO_ADMIN_EMAIL}/status", {"action": "deactivate"}, member)
    assert response.json() == {"code": 200, "message": "No permission."}


# --- delete --------------------------------------------------------------------------------


def test_deleting_a_user_answers_204_and_the_user_is_gone(client: Client, auth: dict) -> None:
    response = client.delete(f"/v2/users/{DEMO_MEMBER_EMAIL}?action=delete", **auth)
    assert response.status_code == 204
    assert client.get(f"/v2/users/{DEMO_MEMBER_EMAIL}", **auth).status_code == 404


def test_a_user_is_disassociated_by_default(client: Client, auth: dict) -> None:
    assert client.delete(f"/v2/users/{DEMO_MEMBER_EMAIL}", **auth).status_code == 204
    assert not SandboxUser.objects.using("sandbox").filter(email=DEMO_MEMBER_EMAIL).exists()


def test_deleting_the_owner_is_refused(client: Client, auth: dict) -> None:
    response = client.delete(f"/v2/users/{DEMO_OWNER_EMAIL}", **auth)
    assert response.status_code == 400
    assert northwind(DEMO_OWNER_EMAIL)


def test_transferring_needs_a_transfer_email_of_an_active_user_of_the_account(client: Client, auth: dict) -> None:
    path = f"/v2/users/{DEMO_MEMBER_EMAIL}?action=delete&transfer_meeting=true"
    assert client.delete(path, **auth).json()["errors"][0]["field"] == "transfer_email"
    unknown = client.delete(path + f"&transfer_email={OTHER_ACCOUNT_OWNER_EMAIL}", **auth)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 1001)
    itself = client.delete(path + f"&transfer_email={DEMO_MEMBER_EMAIL}", **auth)
    assert itself.status_code == 400
    assert northwind(DEMO_MEMBER_EMAIL)


def test_deleting_with_a_transfer_moves_the_hosts_meetings_and_webinars(client: Client, auth: dict) -> None:
    models = [m for m in map(registry.find_model, ("SandboxMeeting", "SandboxWebinar")) if m is not None]
    member, admin = northwind(DEMO_MEMBER_EMAIL), northwind(DEMO_ADMIN_EMAIL)
    hosted_before = {m.__name__: m.objects.using("sandbox").filter(host=member).count() for m in models}
    admin_before = {m.__name__: m.objects.using("sandbox").filter(host=admin).count() for m in models}
    path = (f"/v2/users/{DEMO_MEMBER_EMAIL}?action=delete&transfer_email={DEMO_ADMIN_EMAIL}"
            "&transfer_meeting=true&transfer_webinar=true&transfer_recording=true")
    assert client.delete(path, **auth).status_code == 204
    for model in models:
        name = model.__name__
        assert model.objects.using("sandbox").filter(host=admin).count() == admin_before[name] + hosted_before[name]


def test_transfer_user_content_is_a_no_op_for_models_that_do_not_exist(zoom: dict) -> None:
    member, admin = northwind(DEMO_MEMBER_EMAIL), northwind(DEMO_ADMIN_EMAIL)
    moved = transfer_user_content(member, admin, meetings=False, webinars=False, recordings=True)
    assert set(moved) <= {"SandboxRecording", "SandboxCloudRecording"}


# --- summary ---------------------------------------------------------------------------------


def test_the_user_summary_counts_seats_by_licence_type(client: Client, auth: dict) -> None:
    body = client.get("/v2/users/summary", **auth).json()
    users = SandboxUser.objects.using("sandbox").filter(email__endswith="@northwind.example")
    seated = users.exclude(status="pending")
    assert body == {
        "licensed_users_count": seated.filter(type=2).count(),
        "basic_users_count": seated.filter(type=1).count(),
        "on_prem_users_count": 0,
        "room_users_count": 0,
        "pending_users_count": 1,
        "join_only_users_count": 0,
        "total_users_count": seated.count(),
    }
    counts = {row["key"]: row["label"] for row in client.get("/_sandbox/calls").json()["calls"]}
    assert counts["GET /v2/users/summary"] == "Medium"


# --- groups ----------------------------------------------------------------------------------


def test_groups_are_listed_with_their_member_counts_in_the_specs_envelope(client: Client, auth: dict) -> None:
    body = client.get("/v2/groups", **auth).json()
    assert set(body) == {"total_records", "next_page_token", "groups"}
    assert body["total_records"] == 7
    assert {g["name"] for g in body["groups"]} >= {"Events Team", "Sales Team"}
    assert sum(g["total_members"] for g in body["groups"]) >= 19  # everyone but the pending user


def test_group_members_are_listed_and_an_unknown_group_is_a_404(client: Client, auth: dict) -> None:
    group = client.get("/v2/groups", **auth).json()["groups"][0]
    members = client.get(f"/v2/groups/{group['id']}/members", **auth).json()
    assert members["total_records"] == group["total_members"]
    assert set(members["members"][0]) == {"id", "email", "first_name", "last_name", "type"}
    missing = client.get("/v2/groups/nope/members", **auth)
    assert (missing.status_code, missing.json()["code"]) == (404, 4130)


def test_another_accounts_groups_are_not_visible(client: Client, zoom: dict) -> None:
    contoso = bearer(s2s_token(client, OTHER_S2S_APP, 1))
    northwind_group = SandboxGroup.objects.using("sandbox").get(name="Events Team")
    assert client.get(f"/v2/groups/{northwind_group.zoom_id}/members", **contoso).status_code == 404
    assert client.get("/v2/groups", **contoso).json()["total_records"] == 2


# --- roles -----------------------------------------------------------------------------------


def test_the_built_in_roles_are_listed_with_member_counts(client: Client, auth: dict) -> None:
    roles = client.get("/v2/roles", **auth).json()["roles"]
    assert [(r["id"], r["name"]) for r in roles] == [("0", "Owner"), ("1", "Admin"), ("2", "Member")]
    assert [r["total_members"] for r in roles[:2]] == [1, 1]


def test_assigning_the_admin_role_changes_the_users_role(client: Client, auth: dict) -> None:
    member = northwind(DEMO_MEMBER_EMAIL)
    response = post(client, "/v2/roles/1/members", {"members": [{"email": DEMO_MEMBER_EMAIL}]}, auth)
    assert response.status_code == 201
    assert response.json()["ids"] == member.zoom_id
    user = client.get(f"/v2/users/{member.zoom_id}", **auth).json()
    assert (user["role_id"], user["role_name"]) == ("1", "Admin")
    listed = client.get("/v2/roles/1/members", **auth).json()["members"]
    assert {m["email"] for m in listed} == {DEMO_ADMIN_EMAIL, DEMO_MEMBER_EMAIL}


def test_unassigning_the_admin_role_makes_the_user_a_member_again(client: Client, auth: dict) -> None:
    admin = northwind(DEMO_ADMIN_EMAIL)
    assert client.delete(f"/v2/roles/1/members/{admin.zoom_id}", **auth).status_code == 204
    assert (northwind(DEMO_ADMIN_EMAIL).role_id, northwind(DEMO_ADMIN_EMAIL).role_name) == ("2", "Member")


def test_the_owner_role_cannot_be_given_or_taken(client: Client, auth: dict) -> None:
    assert post(client, "/v2/roles/0/members", {"members": [{"email": DEMO_MEMBER_EMAIL}]}, auth).status_code == 400
    owner = northwind(DEMO_OWNER_EMAIL)
    assert client.delete(f"/v2/roles/0/members/{owner.zoom_id}", **auth).status_code == 400
    assert post(client, "/v2/roles/1/members", {"members": [{"id": owner.zoom_id}]}, auth).status_code == 400


def test_an_unknown_role_is_a_404_and_a_bad_members_list_a_400(client: Client, auth: dict) -> None:
    assert client.get("/v2/roles/9/members", **auth).status_code == 404
    assert post(client, "/v2/roles/1/members", {"member": [{"email": DEMO_MEMBER_EMAIL}]}, auth).status_code == 400
    unknown = post(client, "/v2/roles/1/members", {"members": [{"email": "ghost@northwind.example"}]}, auth)
    assert (unknown.status_code, unknown.json()["code"]) == (404, 1001)


def test_a_member_may_not_read_or_change_roles(client: Client, zoom: dict) -> None:
    member = bearer(tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)["access_token"])
    assert client.get("/v2/roles", **member).json()["code"] == 200
    response = post(client, "/v2/roles/1/members", {"members": [{"email": DEMO_MEMBER_EMAIL}]}, member)
    assert response.json() == {"code": 200, "message": "No permission."}



def test_group_members_are_added_and_removed(client: Client, auth: dict) -> None:
    group = SandboxGroup.objects.using("sandbox").filter(account__name="Northwind Events").first()
    user = northwind(DEMO_MEMBER_EMAIL)
    group.memberships.filter(user=user).delete()
    added = post(client, f"/v2/groups/{group.zoom_id}/members", {"members": [{"email": user.email}]}, auth)
    assert added.status_code == 201 and added.json()["ids"] == user.zoom_id and added.json()["added_at"]
    assert group.memberships.filter(user=user).exists()
    too_many = post(client, f"/v2/groups/{group.zoom_id}/members", {"members": [{"id": user.zoom_id}] * 31}, auth)
    assert too_many.status_code == 400
    removed = client.delete(f"/v2/groups/{group.zoom_id}/members/{user.zoom_id}", **auth)
    assert removed.status_code == 204 and not group.memberships.filter(user=user).exists()
    assert client.delete(f"/v2/groups/{group.zoom_id}/members/{user.zoom_id}", **auth).status_code == 404
    assert post(client, "/v2/groups/nope/members", {"members": [{"id": user.zoom_id}]}, auth).status_code == 404
