"""Issue 16 in a browser: a member deactivated at Zoom loses access at their next request after the
webhook arrives (sandbox → signed POST → live server → stored → real worker → role suspended)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import Membership, Role
from apps.sandbox import demo
from apps.zoom.client import ZoomClient
from tests.conftest import wait_for
from tests.webhooks.conftest import SECRET

from .test_signin_journey import consent_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_deactivated_at_zoom_loses_access_at_their_next_request_after_the_webhook(
    page: Page, live_server, zoom, connect, settings, celery_worker_process, console_errors
):
    conn = connect()
    app = conn.zoom_oauth_app
    app.webhook_secret_token = SECRET
    app.save(update_fields=["webhook_secret_token"])
    Membership.objects.create(account=conn.account, email=demo.DEMO_MEMBER_EMAIL, role=Role.VIEWER)
    settings.ZOOM_LOGIN_CLIENT_ID, settings.ZOOM_LOGIN_CLIENT_SECRET = demo.USER_APP
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.USER_APP[0], "secret": demo.USER_APP[1]}, "OAUTH_PKCE_ENABLED": True}
    }
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_MEMBER_EMAIL)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_test_id("account-name")).to_have_text(demo.DEMO_ACCOUNT_NAME)
    role = Membership.objects.get(email=demo.DEMO_MEMBER_EMAIL)
    assert role.zoom_user_id

    zoom.set_webhooks(True, live_server.url + "/webhooks/zoom/", SECRET)
    try:
        ZoomClient(conn).call("PUT", "/users/{userId}/status", userId=role.zoom_user_id,
                              json={"action": "deactivate"})
        wait_for(lambda: Membership.objects.get(pk=role.pk).suspended_at is not None, timeout=60)
    finally:
        zoom.set_webhooks(False)

    page.reload()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("no longer an active user")).to_be_visible()
    page.goto(live_server.url + "/users/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert console_errors == []
