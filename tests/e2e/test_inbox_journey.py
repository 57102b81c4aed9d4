"""An approver decides 500 registrants across pages in a real browser, with a real worker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import AuditEvent, Membership, Role
from apps.sandbox import demo
from apps.zoom.client import ZoomClient
from tests.e2e.test_signin_journey import consent_as
from tests.registrants.conftest import create_event, register, sync_registrants, zoom_statuses

pytestmark = pytest.mark.django_db(transaction=True)  # the live server and the worker share the test DB


def test_an_approver_approves_500_registrants_across_pages_and_zoom_shows_them_approved(
    page: Page, live_server, zoom, connect, settings, celery_worker_process, console_errors
):
    conn = connect()
    account, client = conn.account, ZoomClient(conn)
    Membership.objects.create(account=account, email=demo.DEMO_MEMBER_EMAIL, role=Role.APPROVER)
    meeting = create_event(client, account, topic="Partner summit")
    wanted = [f"guest{i:03d}@wanted.example" for i in range(500)]
    register(client, meeting, wanted + [f"other{i}@other.example" for i in range(20)])
    sync_registrants(meeting)

    settings.ZOOM_LOGIN_CLIENT_ID, settings.ZOOM_LOGIN_CLIENT_SECRET = demo.USER_APP
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.USER_APP[0], "secret": demo.USER_APP[1]}, "OAUTH_PKCE_ENABLED": True}
    }
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_MEMBER_EMAIL)

    expect(page).to_have_url(live_server.url + "/registrants/")
    expect(page.get_by_role("heading", name="Registrants")).to_be_visible()
    page.get_by_label("Email domain").fill("wanted.example")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"domain=wanted.example"))  # the filter lives in the URL
    expect(page.get_by_role("link", name="Next")).to_be_visible()  # 500 rows: several pages
    expect(page.get_by_test_id("match-count")).to_have_text("500")
    page.get_by_test_id("select-all-matching").check()
    page.get_by_role("button", name="Approve", exact=True).click()

    expect(page.get_by_test_id("confirm-count")).to_have_text("500")
    page.get_by_role("button", name="Approve 500").click()
    expect(page).to_have_url(re.compile(r"/registrants/decisions/\d+/"))
    expect(page.get_by_test_id("decision-summary")).to_contain_text("Zoom confirmed 500 of 500; 0 failed",
                                                                    timeout=60_000)

    page.get_by_role("link", name="Back to the inbox").click()
    expect(page.get_by_text("No registrants match.")).to_be_visible()
    assert zoom_statuses(client, meeting, "approved") == set(wanted)
    assert len(zoom_statuses(client, meeting, "pending")) == 20
    audits = AuditEvent.objects.filter(account=account, action="registrant.approve", result="ok")
    assert audits.count() == 500
    assert set(audits.values_list("actor_label", flat=True)) == {demo.DEMO_MEMBER_EMAIL}
    assert console_errors == []
