"""Sign in through the sandbox's consent page, as a person would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.sandbox import demo

pytestmark = pytest.mark.django_db(transaction=True)


def consent_as(page: Page, email: str) -> None:
    expect(page.get_by_role("heading", name="Zoom sandbox")).to_be_visible()
    page.get_by_label(re.compile(re.escape(f"<{email}>"))).check()
    page.get_by_role("button", name="Authorize").click()


def test_an_admin_signs_in_sees_the_account_and_signs_out(page: Page, live_server, zoom, console_errors):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_ADMIN_EMAIL)

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name=demo.DEMO_ACCOUNT_NAME)).to_be_visible()
    expect(page.get_by_test_id("account-name")).to_have_text(demo.DEMO_ACCOUNT_NAME)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings")).to_be_visible()
    expect(page.get_by_text("Connected", exact=True)).to_be_visible()

    # Keyboard: the skip link is the first stop and leads to the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/settings/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert console_errors == []


def test_a_member_without_a_role_sees_no_access(page: Page, live_server, zoom, settings, console_errors):
    settings.ZOOM_LOGIN_CLIENT_ID, settings.ZOOM_LOGIN_CLIENT_SECRET = demo.USER_APP
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.USER_APP[0], "secret": demo.USER_APP[1]}, "OAUTH_PKCE_ENABLED": True}
    }
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_MEMBER_EMAIL)

    expect(page.get_by_role("heading", name="No access")).to_be_visible()
    expect(page.get_by_text("no role in any Zoom account")).to_be_visible()
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    assert console_errors == []


def test_a_member_cannot_authorize_the_admin_managed_app(page: Page, live_server, zoom):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_MEMBER_EMAIL)
    expect(page.get_by_text(re.compile("admin", re.I)).first).to_be_visible()
    assert not page.url.startswith(live_server.url)


def test_an_unverified_zoom_user_is_refused_with_the_explanation(page: Page, live_server, zoom, console_errors):
    zoom.set_verified(demo.DEMO_ADMIN_EMAIL, False)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_ADMIN_EMAIL)

    expect(page.get_by_role("heading", name="Sign-in refused")).to_be_visible()
    expect(page.get_by_text("has not verified the email address")).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)  # nowhere to type an email
    page.get_by_role("link", name="Back to sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert console_errors == []
