"""The control API (/_sandbox/...) and the deterministic demo data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from sandbox_helpers import bearer, token_request, tokens_for

from apps.sandbox.demo import ADMIN_APP, DEMO_ADMIN_EMAIL, demo_account_ids
from apps.sandbox.models import SandboxUser

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]


def reset(client: Client, **body: int) -> dict[str, Any]:
    response = client.post("/_sandbox/reset", body, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def users_dump() -> list[dict[str, Any]]:
    return list(SandboxUser.objects.using("sandbox").order_by("zoom_id").values(
        "zoom_id", "email", "first_name", "last_name", "type", "role_name", "role_id", "status", "dept",
        "timezone", "pmi", "created_at", "last_login_time", "account__zoom_id", "account__account_number",
    ))


def test_the_health_check_answers_ok(client: Client) -> None:
    assert client.get("/_sandbox/health").json() == {"ok": True}


def test_the_same_seed_gives_the_same_ids_and_data(client: Client) -> None:
    first = reset(client, seed=7, users=30)
    first_users = users_dump()
    second = reset(client, seed=7, users=30)
    assert first == second
    assert users_dump() == first_users


def test_another_seed_gives_other_ids(client: Client) -> None:
    one = reset(client, seed=1)
    two = reset(client, seed=2)
    assert [a["id"] for a in one["accounts"]] != [a["id"] for a in two["accounts"]]
    assert [a["id"] for a in one["accounts"]] == list(demo_account_ids(1))


def test_a_reset_makes_the_requested_number_of_users_with_an_owner_an_admin_and_members(client: Client) -> None:
    data = reset(client, seed=3, users=50)
    northwind, contoso = data["accounts"]
    assert (northwind["name"], northwind["users"]) == ("Northwind Events", 50)
    assert (contoso["name"], contoso["users"]) == ("Contoso Learning", 5)
    roles = set(SandboxUser.objects.using("sandbox").values_list("account__name", "role_name"))
    for account in ("Northwind Events", "Contoso Learning"):
        assert {(account, "Owner"), (account, "Admin"), (account, "Member")} <= roles
    emails = SandboxUser.objects.using("sandbox").values_list("email", flat=True)
    assert all(e.endswith(("@northwind.example", "@contoso.example")) for e in emails)


def test_a_reset_wipes_tokens_and_counts(client: Client) -> None:
    reset(client)
    token = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)["access_token"]
    reset(client)
    assert client.get("/v2/users/me", **bearer(token)).status_code == 401
    assert client.get("/_sandbox/calls").json()["calls"] == [
        {"key": "GET /v2/users/me", "label": "Light", "count": 1}
    ]


def test_a_user_can_be_made_unverified_and_users_me_says_so(client: Client) -> None:
    reset(client)
    token = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)["access_token"]
    assert client.get("/v2/users/me", **bearer(token)).json()["verified"] == 1
    answer = client.post("/_sandbox/users/verified", {"email": DEMO_ADMIN_EMAIL.upper(), "verified": False},
                         content_type="application/json")
    assert answer.json() == {"ok": True, "email": DEMO_ADMIN_EMAIL, "verified": 0}
    assert client.get("/v2/users/me", **bearer(token)).json()["verified"] == 0
    reset(client)
    assert SandboxUser.objects.using("sandbox").get(email=DEMO_ADMIN_EMAIL).verified == 1
    bad = client.post("/_sandbox/users/verified", {"email": DEMO_ADMIN_EMAIL, "verified": "no"},
                      content_type="application/json")
    unknown = client.post("/_sandbox/users/verified", {"email": "nobody@example.com", "verified": False},
                          content_type="application/json")
    assert (bad.status_code, unknown.status_code) == (400, 404)


def test_the_clock_moves_forward_and_can_be_set(client: Client) -> None:
    reset(client)
    assert client.get("/_sandbox/clock").json()["offset_seconds"] == 0
    moved = client.post("/_sandbox/clock", {"advance_seconds": 90}, content_type="application/json").json()
    moved = client.post("/_sandbox/clock", {"advance_seconds": 30}, content_type="application/json").json()
    assert moved["offset_seconds"] == 120
    assert moved["now"].endswith("Z")
    set_ = client.post("/_sandbox/clock", {"offset_seconds": 5}, content_type="application/json").json()
    assert set_["offset_seconds"] == 5
    bad = client.post("/_sandbox/clock", {}, content_type="application/json")
    assert bad.status_code == 400


def test_calls_are_counted_by_key_and_label(client: Client) -> None:
    reset(client)
    data = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=data["refresh_token"])
    client.get("/v2/users/me", **bearer(data["access_token"]))
    client.get("/v2/users/me", **bearer(data["access_token"]))
    body = client.get("/_sandbox/calls").json()
    counts = {row["key"]: (row["label"], row["count"]) for row in body["calls"]}
    assert counts == {
        "GET /oauth/authorize": ("-", 1),
        "POST /oauth/authorize": ("-", 1),
        "POST /oauth/token grant_type=authorization_code": ("-", 1),
        "POST /oauth/token grant_type=refresh_token": ("-", 1),
        "GET /v2/users/me": ("Light", 2),
    }
    assert body["by_label"] == {"-": 4, "Light": 2}


def test_the_call_counts_can_be_reset(client: Client) -> None:
    reset(client)
    client.get("/v2/users/me")
    assert client.post("/_sandbox/calls/reset").json() == {"ok": True}
    assert client.get("/_sandbox/calls").json() == {"calls": [], "by_label": {}}
