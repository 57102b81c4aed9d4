"""An admin manages users in Chromium: add, deactivate, delete with transfer; search, filter, back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.accounts.models import ZoomAccount
from apps.jobs import services as jobs
from apps.sandbox import demo
from apps.users.models import ZoomUser
from apps.zoom.connections import client_for
from tests.conftest import run_here

from .test_signin_journey import consent_as

pytestmark = pytest.mark.django_db(transaction=True)

NEW = "river.song@northwind.example"


def sign_in_and_sync(page: Page, live_server) -> ZoomAccount:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in with Zoom").click()
    consent_as(page, demo.DEMO_ADMIN_EMAIL)
    expect(page).to_have_url(live_server.url + "/")
    account = ZoomAccount.objects.get(name=demo.DEMO_ACCOUNT_NAME)
    job, _ = jobs.enqueue("sync.users", account)
    assert run_here(job.pk) == "succeeded"  # in this process: the journey needs no worker
    return account


def test_an_admin_adds_deactivates_and_deletes_a_user_with_transfer(page: Page, live_server, zoom, console_errors):
    account = sign_in_and_sync(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()

    page.get_by_role("link", name="Add user").click()
    page.get_by_label("How").select_option("custCreate")
    page.get_by_label("Email").fill(NEW)
    page.get_by_label("First name").fill("River")
    page.get_by_label("Last name").fill("Song")
    page.get_by_label("Department").fill("Archaeology")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text(f"Added {NEW}.")).to_be_visible()
    expect(page.get_by_test_id("user-status")).to_have_text("Active")

    new = ZoomUser.objects.get(account=account, email=NEW)
    client = client_for(account)
    meeting = client.call("POST", "/users/{userId}/meetings", userId=new.zoom_id, json={
        "topic": "Dig site review", "type": 2, "start_time": "2027-05-01T10:00:00Z", "duration": 45})

    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text(f"Deactivated {NEW}.")).to_be_visible()
    expect(page.get_by_test_id("user-status")).to_have_text("Inactive")

    page.get_by_role("link", name="Delete…").click()
    page.get_by_label("Transfer to (email)").fill("admin@")
    page.get_by_label("Transfer to (email)").fill(demo.DEMO_ADMIN_EMAIL)
    page.get_by_role("button", name="Delete user").click()
    expect(page.get_by_text(f"Deleted {NEW}. Their content now belongs to {demo.DEMO_ADMIN_EMAIL}.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/users/")

    admin = ZoomUser.objects.get(account=account, email=demo.DEMO_ADMIN_EMAIL)
    hosted = [m["id"] for m in client.paginate("/users/{userId}/meetings", "meetings", userId=admin.zoom_id)]
    assert meeting["id"] in hosted
    assert not ZoomUser.objects.filter(account=account, email=NEW).exists()
    assert console_errors == []


def test_search_and_filters_live_in_the_url_and_survive_the_back_button(page: Page, live_server, zoom, console_errors):
    account = sign_in_and_sync(page, live_server)
    total = ZoomUser.objects.filter(account=account).count()
    page.goto(live_server.url + "/users/")
    expect(page.get_by_test_id("match-count")).to_contain_text(f"{total} users match")

    page.get_by_label("Search name or email").fill("northwind")
    expect(page).to_have_url(re.compile(r"q=northwind"))
    searched = ZoomUser.objects.filter(account=account, email__icontains="northwind").count()
    expect(page.get_by_test_id("match-count")).to_contain_text(f"{searched} user")

    page.get_by_label("Status").select_option("active")
    expect(page).to_have_url(re.compile(r"q=northwind.*status=active|status=active.*q=northwind"))
    active = ZoomUser.objects.filter(account=account, email__icontains="northwind", status="active").count()
    expect(page.get_by_test_id("match-count")).to_contain_text(f"{active} user")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/users/\?q=northwind$"))
    expect(page.get_by_test_id("match-count")).to_contain_text(f"{searched} user")
    expect(page.get_by_label("Search name or email")).to_have_value("northwind")
    expect(page.get_by_label("Status")).to_have_value("")

    page.reload()
    expect(page.get_by_label("Search name or email")).to_have_value("northwind")
    expect(page.get_by_test_id("match-count")).to_contain_text(f"{searched} user")
    assert console_errors == []
