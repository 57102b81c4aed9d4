"""Pagination, rate limits, the daily cap and injected faults, through HTTP."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.http import HttpRequest, JsonResponse
from django.test import Client
from django.urls import path
from sandbox_helpers import bearer, token_request

from apps.sandbox import demo, rest
from apps.sandbox.demo import S2S_APP, demo_account_ids
from apps.sandbox.services import RESOURCE_INTENSIVE, now
from apps.sandbox.urls import urlpatterns as sandbox_urlpatterns


@rest.zoom_api(RESOURCE_INTENSIVE, "/metrics/sandbox_test")
def resource_intensive_view(request: HttpRequest) -> JsonResponse:
    """A stand-in Resource-intensive operation (none of the users endpoints counts toward the daily cap)."""
    return JsonResponse({"ok": True})


# This module is also the URLconf: the sandbox's URLs plus the view above.
urlpatterns = [*sandbox_urlpatterns, path("v2/metrics/sandbox_test", resource_intensive_view)]

pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db(databases=["sandbox"])]


@pytest.fixture(autouse=True)
def fresh_runtime_state() -> None:
    rest.reset_runtime_state()


def new_token(client: Client) -> dict[str, str]:
    data = token_request(client, S2S_APP, grant_type="account_credentials", account_id=demo_account_ids(1)[0])
    return bearer(data.json()["access_token"])


@pytest.fixture
def auth(client: Client) -> dict[str, str]:
    demo.reset(seed=1, users=120)
    return new_token(client)


def control(client: Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def advance(client: Client, seconds: float) -> None:
    control(client, "/_sandbox/clock", {"advance_seconds": seconds})


# --- pagination -------------------------------------------------------------------------------


def test_inactive_users_are_paged_through_with_the_filter_resent_on_every_page(client: Client, auth: dict) -> None:
    first = client.get("/v2/users?status=inactive&page_size=1", **auth).json()
    total = first["total_records"]
    assert total >= 3 and first["page_count"] == total
    seen, body = [first["users"][0]["email"]], first
    while body["next_page_token"]:
        body = client.get(f"/v2/users?status=inactive&page_size=1&next_page_token={body['next_page_token']}",
                          **auth).json()
        seen += [u["email"] for u in body["users"]]
        assert {u["status"] for u in body["users"]} == {"inactive"}
    assert len(seen) == len(set(seen)) == total
    assert body["page_number"] == total


def test_a_page_token_used_with_another_filter_is_a_400(client: Client, auth: dict) -> None:
    token = client.get("/v2/users?status=inactive&page_size=1", **auth).json()["next_page_token"]
    response = client.get(f"/v2/users?status=active&page_size=1&next_page_token={token}", **auth)
    assert response.status_code == 400
    assert response.json()["code"] == 300
    dropped = client.get(f"/v2/users?page_size=1&next_page_token={token}", **auth)
    assert dropped.status_code == 400


def test_a_page_token_expires_after_15_minutes_of_sandbox_time(client: Client, auth: dict) -> None:
    token = client.get("/v2/users?page_size=10", **auth).json()["next_page_token"]
    advance(client, 16 * 60)
    response = client.get(f"/v2/users?page_size=10&next_page_token={token}", **auth)
    assert response.status_code == 400
    assert response.json() == {"code": 300, "message": "The next page token is invalid or expired."}


def test_a_page_token_still_works_within_15_minutes(client: Client, auth: dict) -> None:
    token = client.get("/v2/users?page_size=10", **auth).json()["next_page_token"]
    advance(client, 14 * 60)
    assert client.get(f"/v2/users?page_size=10&next_page_token={token}", **auth).status_code == 200


def test_a_page_size_above_2000_is_capped_at_2000(client: Client, auth: dict) -> None:
    body = client.get("/v2/users?page_size=5000", **auth).json()
    assert body["page_size"] == 2000
    assert len(body["users"]) == body["total_records"] and body["next_page_token"] == ""


def test_a_page_size_that_is_not_a_number_is_a_400(client: Client, auth: dict) -> None:
    assert client.get("/v2/users?page_size=lots", **auth).status_code == 400


# --- per-second limits -----------------------------------------------------------------------


def test_going_over_the_per_second_limit_is_answered_with_zooms_429(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/limits", {"overrides": {"Medium": 2}})
    assert client.get("/v2/users", **auth).status_code == 200
    assert client.get("/v2/users", **auth).status_code == 200
    response = client.get("/v2/users", **auth)
    assert response.status_code == 429
    assert response.json() == {
        "code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later.",
    }
    assert response["X-RateLimit-Category"] == "Medium"
    assert response["X-RateLimit-Type"] == "QPS"
    assert response["X-RateLimit-Limit"] == "2"
    assert int(response["Retry-After"]) >= 1


def test_each_label_has_its_own_budget(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/limits", {"overrides": {"Medium": 1}})
    assert client.get("/v2/users", **auth).status_code == 200
    assert client.get("/v2/users", **auth).status_code == 429
    assert client.get("/v2/users/me", **auth).status_code == 200  # Light


def test_rate_limits_can_be_turned_off(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/limits", {"overrides": {"Medium": 1}, "enabled": False})
    assert [client.get("/v2/users", **auth).status_code for _ in range(3)] == [200, 200, 200]


def test_the_pro_plan_has_lower_limits_than_business(client: Client) -> None:
    body = control(client, "/_sandbox/limits", {"plan": "pro", "account_id": "acc-1"})
    assert body["plan"] == {"acc-1": "pro"}
    assert rest.limits_for("business", "acc-1")["Light"] == 30
    assert rest.limits_for("business", "acc-2")["Light"] == 80


def test_an_unknown_plan_or_override_is_a_400(client: Client) -> None:
    assert client.post("/_sandbox/limits", {"plan": "free"}, content_type="application/json").status_code == 400
    bad = client.post("/_sandbox/limits", {"overrides": {"Turbo": 1}}, content_type="application/json")
    assert bad.status_code == 400


# --- the daily cap ---------------------------------------------------------------------------


def seconds_to_next_utc_day() -> float:
    current = now()
    midnight = datetime.combine(current.date() + timedelta(days=1), datetime.min.time(), current.tzinfo)
    return math.ceil((midnight - current).total_seconds()) + 1


def test_the_daily_cap_answers_429_until_the_next_utc_day(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/limits", {"overrides": {"daily": 3}})
    assert [client.get("/v2/metrics/sandbox_test", **auth).status_code for _ in range(3)] == [200, 200, 200]
    capped = client.get("/v2/metrics/sandbox_test", **auth)
    assert capped.status_code == 429
    assert capped["X-RateLimit-Type"] == "Daily-limit"
    assert capped["X-RateLimit-Category"] == "Resource-intensive"
    assert "daily rate limit" in capped.json()["message"]
    assert 1 <= int(capped["Retry-After"]) <= 86_400
    # Light and Medium calls are not under the daily cap.
    assert client.get("/v2/users", **auth).status_code == 200
    advance(client, seconds_to_next_utc_day())
    fresh = new_token(client)  # the old access token expired with the day
    assert client.get("/v2/metrics/sandbox_test", **fresh).status_code == 200


# --- faults ---------------------------------------------------------------------------------


def test_a_429_fault_answers_once_then_the_call_succeeds(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"status": 429, "count": 1, "retry_after": 3})
    first = client.get("/v2/users", **auth)
    assert first.status_code == 429 and first["Retry-After"] == "3"
    assert first.json()["code"] == 429
    assert client.get("/v2/users", **auth).status_code == 200


def test_a_500_fault_answers_once_on_the_matching_path_and_method(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"status": 500, "count": 1, "method": "GET", "path": "/v2/groups"})
    assert client.get("/v2/users", **auth).status_code == 200
    failed = client.get("/v2/groups", **auth)
    assert failed.status_code == 500 and failed.json()["code"] == 500
    assert client.get("/v2/groups", **auth).status_code == 200


def test_a_503_fault_can_repeat(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"status": 503, "count": 2})
    assert [client.get("/v2/users", **auth).status_code for _ in range(3)] == [503, 503, 200]


def test_a_dropped_connection_cuts_the_body_short(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"drop": True})
    response = client.get("/v2/users", **auth)
    body = b"".join(response.streaming_content)
    assert len(body) < int(response["Content-Length"])
    assert client.get("/v2/users", **auth).status_code == 200


def test_fail_after_pages_lets_n_pages_through_then_fails(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"fail_after_pages": 2, "status": 500, "count": 1})
    page = client.get("/v2/users?page_size=10", **auth).json()
    page = client.get(f"/v2/users?page_size=10&next_page_token={page['next_page_token']}", **auth).json()
    third = client.get(f"/v2/users?page_size=10&next_page_token={page['next_page_token']}", **auth)
    assert third.status_code == 500
    retried = client.get(f"/v2/users?page_size=10&next_page_token={page['next_page_token']}", **auth)
    assert retried.status_code == 200 and retried.json()["page_number"] == 3


def test_cleared_faults_and_latency_no_longer_apply(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"status": 500, "count": 5})
    control(client, "/_sandbox/latency", {"ms": 1})
    control(client, "/_sandbox/faults/clear", {})
    assert rest.STATE.latency_ms == 0
    assert client.get("/v2/users", **auth).status_code == 200


def test_a_reset_forgets_faults_limits_and_page_tokens(client: Client, auth: dict) -> None:
    token = client.get("/v2/users?page_size=10", **auth).json()["next_page_token"]
    control(client, "/_sandbox/faults", {"status": 500, "count": 5})
    control(client, "/_sandbox/limits", {"overrides": {"Medium": 1}})
    control(client, "/_sandbox/reset", {"seed": 1, "users": 120})
    assert rest.STATE.faults == [] and rest.STATE.limit_overrides == {}
    assert token not in rest.STATE.page_tokens


# --- random and after-write faults ---------------------------------------------------------------


def statuses(client: Client, auth: dict, n: int) -> list[int | str]:
    """The first ``n`` answers to GET /v2/users/me: a status, or "drop" for a cut body."""
    seen: list[int | str] = []
    for _ in range(n):
        response = client.get("/v2/users/me", **auth)
        seen.append("drop" if response.streaming else response.status_code)
    return seen


def test_random_faults_repeat_for_a_seed_at_about_the_rate_and_in_the_mix(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/limits", {"enabled": False})  # only the injected 429s
    spec = {"seed": 42, "rate": 0.3, "mix": {"429": 1, "503": 1, "drop": 1}}
    control(client, "/_sandbox/faults", {"random": spec})
    first = statuses(client, auth, 200)
    control(client, "/_sandbox/faults/clear", {})
    control(client, "/_sandbox/faults", {"random": spec})
    assert statuses(client, auth, 200) == first
    faults = [s for s in first if s != 200]
    assert 40 <= len(faults) <= 80  # 30% of 200, give or take
    assert set(faults) == {429, 503, "drop"}
    control(client, "/_sandbox/faults/clear", {})
    control(client, "/_sandbox/faults", {"random": {**spec, "seed": 43}})
    assert statuses(client, auth, 200) != first


def test_random_faults_keep_to_their_path_and_count(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"random": {"seed": 1, "rate": 1, "mix": {"500": 1}}, "path": "/v2/users/me",
                                         "count": 2})
    assert client.get("/v2/users", **auth).status_code == 200
    assert statuses(client, auth, 3) == [500, 500, 200]


def test_a_random_fault_needs_a_sound_spec(client: Client) -> None:
    def refused(body: dict[str, Any]) -> bool:
        return client.post("/_sandbox/faults", body, content_type="application/json").status_code == 400

    assert refused({"random": {"seed": 1, "rate": 2}})
    assert refused({"random": {"seed": 1, "mix": {"418": 1}}})
    assert refused({"random": {"seed": 1, "mix": {"500": 0}}})
    assert refused({"random": {"seed": "x"}})
    assert refused({"random": {"seed": 1}, "status": 500})
    assert refused({"status": 429, "after_write": True})
    assert refused({"status": 500, "after_write": "yes"})
    assert not refused({"random": {"seed": 1, "rate": 0.2, "mix": {"429": 1, "500": 2, "drop": 1}}})


def test_a_fault_after_the_write_applies_it_and_loses_the_answer(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"status": 502, "after_write": True, "method": "POST"})
    body = {"topic": "Answer lost", "type": 2, "start_time": "2031-01-06T10:00:00Z", "duration": 30}
    lost = client.post("/v2/users/me/meetings", body, content_type="application/json", **auth)
    assert lost.status_code == 502
    listed = client.get("/v2/users/me/meetings", {"page_size": 300}, **auth).json()["meetings"]
    assert [m["topic"] for m in listed].count("Answer lost") == 1  # Zoom made it all the same


def test_a_drop_after_the_write_applies_it(client: Client, auth: dict) -> None:
    control(client, "/_sandbox/faults", {"drop": True, "after_write": True, "method": "POST"})
    body = {"topic": "Dropped after", "type": 2, "start_time": "2031-01-06T10:00:00Z", "duration": 30}
    assert client.post("/v2/users/me/meetings", body, content_type="application/json", **auth).streaming
    listed = client.get("/v2/users/me/meetings", {"page_size": 300}, **auth).json()["meetings"]
    assert "Dropped after" in [m["topic"] for m in listed]
