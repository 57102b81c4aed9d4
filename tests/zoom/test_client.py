"""The Zoom client against the sandbox: pagination, retries, 401s, the shared budget."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from django.conf import settings

from apps.sandbox import demo
from apps.zoom import budget
from apps.zoom.client import ZoomClient, build_path, encode_path_param
from apps.zoom.errors import ZoomOutcomeUnknown, ZoomRefused, ZoomTemporaryError
from apps.zoom.models import ZoomCallStat
from tests.conftest import zoom_env
from tests.helpers import database_url

ME = "GET /v2/users/me"
USERS = "GET /v2/users"


@pytest.fixture
def fast_retries(settings):
    settings.ZOOM_RETRY_BASE = 0.01
    settings.ZOOM_RETRY_CAP = 0.05


@pytest.fixture
def client(connect, fast_retries):
    return ZoomClient(connect())


@pytest.fixture
def client_of_60_users(zoom, connect, fast_retries):
    zoom.reset(users=60)  # before connecting: a reset forgets every token
    return ZoomClient(connect())


def test_uuids_that_zoom_would_misread_are_encoded_twice():
    assert encode_path_param("abc==") == "abc%3D%3D"
    assert encode_path_param("/abc==") == "%252Fabc%253D%253D"
    assert encode_path_param("ab//c") == "ab%252F%252Fc"
    assert build_path("/meetings/{meetingId}", {"meetingId": 85746065432}) == "/meetings/85746065432"


@pytest.mark.django_db
def test_a_call_is_counted_per_label(client, zoom):
    assert client.get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    stat = ZoomCallStat.objects.get(label="Light")
    assert stat.calls == 1 and stat.throttled == 0


@pytest.mark.django_db
def test_pagination_walks_every_page_and_resends_the_filters(client_of_60_users, zoom):
    client = client_of_60_users
    expected = {u["email"] for u in demo_users(zoom)}
    zoom.reset_calls()
    users = list(client.paginate("/users", "users", params={"status": "active"}, page_size=20))
    assert {u["email"] for u in users} == expected
    assert len(users) == len(expected) > 40  # three pages or more
    assert all(u["status"] == "active" for u in users)
    assert zoom.calls()[USERS] >= 3


def demo_users(zoom, status: str = "active") -> list[dict]:
    """The account's users in one raw page of 2000, to compare the client's pagination with."""
    import requests

    from apps.accounts.models import ZoomOAuthConnection
    from apps.zoom.tokens import get_access_token

    token = get_access_token(ZoomOAuthConnection.objects.get().pk)
    answer = requests.get(f"{zoom.api_url}/users", params={"status": status, "page_size": 2000},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    answer.raise_for_status()
    return answer.json()["users"]


@pytest.mark.django_db
def test_an_expired_page_token_restarts_the_listing_cleanly(client_of_60_users, zoom):
    client = client_of_60_users
    pages = client.paginate("/users", "users", page_size=20)
    first = [next(pages) for _ in range(20)]
    zoom.advance_clock(16 * 60)  # page tokens last 15 minutes; access tokens an hour
    rest = list(pages)
    emails = [u["email"] for u in first + rest]
    assert len(emails) == len(set(emails)) == len(demo_users(zoom))


@pytest.mark.django_db
def test_the_access_token_expiring_in_the_middle_of_a_listing_is_refreshed(client_of_60_users, zoom):
    client = client_of_60_users
    zoom.reset_calls()
    pages = client.paginate("/users", "users", page_size=20)
    first = [next(pages) for _ in range(20)]
    zoom.advance_clock(3700)  # both the access token and the page token are now stale
    rest = list(pages)
    assert len({u["email"] for u in first + rest}) == len(demo_users(zoom))
    assert zoom.calls()["POST /oauth/token grant_type=refresh_token"] == 1


@pytest.mark.django_db
def test_a_429_is_waited_out_and_the_call_succeeds(client, zoom):
    zoom.add_fault(429, path="/v2/users/me", retry_after=1)
    zoom.reset_calls()
    assert client.get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    assert zoom.calls()[ME] == 2
    assert ZoomCallStat.objects.get(label="Light").throttled == 1


@pytest.mark.django_db
def test_a_5xx_on_a_read_is_retried(client, zoom):
    zoom.add_fault(503, count=2, path="/v2/users/me")
    zoom.reset_calls()
    assert client.get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    assert zoom.calls()[ME] == 3


@pytest.mark.django_db
def test_a_dropped_connection_on_a_read_is_retried(client, zoom):
    zoom.add_fault(drop=True, path="/v2/users/me")
    zoom.reset_calls()
    assert client.get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    assert zoom.calls()[ME] == 2


@pytest.mark.django_db
def test_a_read_whose_answers_keep_getting_lost_is_only_a_temporary_error(client, zoom, settings):
    settings.ZOOM_RETRY_ATTEMPTS = 2
    zoom.add_fault(drop=True, count=2, path="/v2/users/me")
    with pytest.raises(ZoomTemporaryError) as caught:
        client.get_me()
    assert not isinstance(caught.value, ZoomOutcomeUnknown)  # nothing to check at Zoom after a read


@pytest.mark.django_db
def test_an_unsafe_write_is_not_retried_blindly(client, zoom):
    zoom.add_fault(502, method="POST", path="/v2/users")
    zoom.reset_calls()
    with pytest.raises(ZoomTemporaryError):
        client.call("POST", "/users",
                    json={"action": "create", "user_info": {"email": "new@northwind.example", "type": 1}})
    assert zoom.calls()["POST /v2/users"] == 1


MEETINGS = "/users/{userId}/meetings"
MEETING = "/meetings/{meetingId}"


def new_meeting(topic: str = "Answer lost") -> dict:
    return {"topic": topic, "type": 2, "start_time": "2031-01-06T10:00:00Z", "duration": 30}


def topics_at_zoom(client) -> list[str]:
    return [m["topic"] for m in client.paginate(MEETINGS, "meetings", userId="me")]


@pytest.mark.django_db
@pytest.mark.parametrize("fault", [{"status": 502}, {"drop": True}], ids=["5xx", "drop"])
def test_a_create_whose_answer_is_lost_after_zoom_made_it_may_or_may_not_have_been_made(client, zoom, fault):
    zoom.add_fault(method="POST", path="/v2/users/me/meetings", after_write=True, **fault)
    zoom.reset_calls()
    with pytest.raises(ZoomOutcomeUnknown) as caught:
        client.call("POST", MEETINGS, json=new_meeting(), userId="me")
    assert caught.value.repeatable is False
    assert zoom.calls()[f"POST /v2{MEETINGS}"] == 1  # a create is never repeated blindly
    assert topics_at_zoom(client).count("Answer lost") == 1  # Zoom made it all the same


@pytest.mark.django_db
def test_a_write_that_never_left_is_a_plain_temporary_error(client, zoom, settings):
    import socket

    with socket.socket() as closed:  # a port nobody listens on: the connection is refused
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    client.get_me()  # the access token is at hand: only the API call goes to the dead port
    settings.ZOOM_API_BASE_URL = f"http://127.0.0.1:{port}/v2"
    with pytest.raises(ZoomTemporaryError) as caught:
        client.call("POST", MEETINGS, json=new_meeting(), userId="me")
    assert not isinstance(caught.value, ZoomOutcomeUnknown)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", [{"status": 500}, {"drop": True}], ids=["5xx", "drop"])
def test_a_delete_retried_after_a_lost_answer_that_finds_it_gone_has_succeeded(client, zoom, fault):
    meeting = client.call("POST", MEETINGS, json=new_meeting("To delete"), userId="me")
    zoom.add_fault(method="DELETE", path=f"/v2/meetings/{meeting['id']}", after_write=True, **fault)
    zoom.reset_calls()
    assert client.call("DELETE", MEETING, meetingId=meeting["id"]) is None
    assert zoom.calls()[f"DELETE /v2{MEETING}"] == 2  # the retry answered 404: the meeting is gone
    assert "To delete" not in topics_at_zoom(client)


@pytest.mark.django_db
def test_a_delete_of_what_was_never_there_is_still_refused(client, zoom):
    with pytest.raises(ZoomRefused) as caught:
        client.call("DELETE", MEETING, meetingId=1)
    assert caught.value.status == 404 and caught.value.code == 3001


@pytest.mark.django_db
def test_an_update_whose_answers_keep_getting_lost_says_a_repeat_is_safe(client, zoom, settings):
    settings.ZOOM_RETRY_ATTEMPTS = 2
    meeting = client.call("POST", MEETINGS, json=new_meeting("Renaming"), userId="me")
    zoom.add_fault(drop=True, method="PATCH", after_write=True, count=2)
    with pytest.raises(ZoomOutcomeUnknown) as caught:
        client.call("PATCH", MEETING, json={"topic": "Renamed"}, meetingId=meeting["id"])
    assert caught.value.repeatable is True
    assert client.call("GET", MEETING, meetingId=meeting["id"])["topic"] == "Renamed"


@pytest.mark.django_db
def test_reads_get_through_20_percent_random_faults(client_of_60_users, zoom):
    client = client_of_60_users
    expected = sorted(u["email"] for u in demo_users(zoom))
    zoom.random_faults(seed=17, rate=0.2, mix={"429": 1, "500": 1, "503": 1, "drop": 1})
    zoom.reset_calls()
    for _ in range(3):
        assert sorted(u["email"] for u in client.paginate("/users", "users", page_size=10)) == expected
    assert client.get_me()["email"] == demo.DEMO_ADMIN_EMAIL
    assert zoom.calls()[USERS] > 3 * 7  # some pages were failed and asked again


@pytest.mark.django_db
def test_zoom_refusals_carry_status_code_and_message(client, zoom):
    with pytest.raises(ZoomRefused) as caught:
        client.call("GET", "/users/{userId}", userId="nobody@nowhere.example")
    assert caught.value.status == 404 and caught.value.code == 1001
    assert "does not exist" in caught.value.message


@pytest.mark.django_db
def test_the_daily_cap_at_zoom_stops_heavy_calls_until_midnight(client, zoom, monkeypatch):
    zoom.set_limits(overrides={"daily": 0})
    batch = {"registrants": [{"email": "a@b.example", "first_name": "A"}]}
    with pytest.raises(budget.DailyCapReached) as caught:
        client.call("POST", "/meetings/{meetingId}/batch_registrants", json=batch, meetingId=1)
    assert caught.value.resume_at.hour == 0
    zoom.reset_calls()
    with pytest.raises(budget.DailyCapReached):  # known locally now: Zoom is not asked again
        client.call("POST", "/meetings/{meetingId}/batch_registrants", json=batch, meetingId=1)
    assert zoom.calls().get("POST /v2/meetings/{meetingId}/batch_registrants", 0) == 0


@pytest.mark.django_db(transaction=True)
def test_four_processes_share_one_accounts_budget_and_never_exceed_it(connect, zoom, tmp_path):
    conn = connect()
    zoom.set_limits(overrides={"Light": 8})
    time.sleep(1.2)  # let the connect call's second pass: it was made before any budget existed
    zoom.reset_calls()
    env = {
        **zoom_env(zoom),
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "ZOOM_RATE_LIMITS": '{"Light": 8}',
        "ZOOM_RATE_MARGIN": "0.25",  # room for scheduling jitter on a loaded 2-core machine
        "ZOOM_RATE_BUDGET_URL": settings.ZOOM_RATE_BUDGET_URL,
        "ZOOM_RETRY_ATTEMPTS": "1",  # a 429 would surface as an error instead of a silent retry
    }
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.zoom.client_caller", conn.pk, "10"], cwd=settings.BASE_DIR,
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
    assert zoom.calls()[ME] == 40  # no 429: every call was answered the first time
    assert not ZoomCallStat.objects.filter(throttled__gt=0).exists()
