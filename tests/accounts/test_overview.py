"""The overview page and the header's account switcher."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.accounts import audit
from apps.accounts.models import Membership, Role, ZoomAccount
from apps.sandbox import demo
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_account_admin(account, other_account, admin):
    """Admin of Northwind, viewer of Contoso."""
    Membership.objects.create(account=other_account, email=admin.email, user=admin, role=Role.VIEWER)
    return admin


@pytest.fixture
def activity(account, other_account) -> None:
    audit.record(action="role.granted", account=account, actor_label="admin@northwind.example",
                 target_label="northwind-target")
    audit.record(action="api_key.created", account=other_account, actor_label="admin@contoso.example",
                 target_label="contoso-target")


def switcher_options(html: str) -> list[str]:
    select = re.search(r'<select id="account-switcher".*?</select>', html, re.S)
    assert select, "no account switcher on the page"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def test_the_overview_shows_the_account_name_and_recent_activity(activity, admin_client):
    response = admin_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{demo.DEMO_ACCOUNT_NAME}</h1>" in html
    assert "role.granted" in html and "northwind-target" in html
    assert "contoso-target" not in html


def test_viewers_see_the_overview_too(activity, viewer):
    response = client_for(viewer).get("/")
    assert response.status_code == 200
    assert "northwind-target" in response.content.decode()


def test_a_person_with_one_account_sees_its_name_and_no_switcher(account, admin_client):
    html = admin_client.get("/").content.decode()
    assert 'data-testid="account-name"' in html
    assert 'id="account-switcher"' not in html


def test_a_person_with_roles_in_two_accounts_sees_both_in_the_switcher(two_account_admin):
    html = client_for(two_account_admin).get("/").content.decode()
    assert sorted(switcher_options(html)) == sorted([demo.DEMO_ACCOUNT_NAME, demo.OTHER_ACCOUNT_NAME])


def test_switching_account_shows_the_other_accounts_data_with_the_role_there(
    activity, two_account_admin, account, other_account
):
    client = client_for(two_account_admin)
    client.post("/switch-account/", {"account": account.pk, "next": "/"})
    assert "northwind-target" in client.get("/").content.decode()
    assert client.get("/settings/").status_code == 200
    response = client.post("/switch-account/", {"account": other_account.pk, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert f"<h1>{demo.OTHER_ACCOUNT_NAME}</h1>" in html
    assert "contoso-target" in html and "northwind-target" not in html
    # There they are a viewer: Settings is closed to them.
    assert client.get("/settings/").status_code == 403


def test_switching_to_an_account_without_a_role_is_ignored(activity, account, admin_client):
    elsewhere = ZoomAccount.objects.create(zoom_account_id="acc-elsewhere", name="Elsewhere Inc")
    audit.record(action="role.granted", account=elsewhere, actor_label="x", target_label="elsewhere-target")
    response = admin_client.post("/switch-account/", {"account": elsewhere.pk, "next": "/"})
    assert response.status_code == 302
    html = admin_client.get("/").content.decode()
    assert f"<h1>{demo.DEMO_ACCOUNT_NAME}</h1>" in html
    assert "elsewhere-target" not in html and "Elsewhere Inc" not in html


@pytest.mark.parametrize("wanted", ["", "not-a-number"])
def test_switching_with_a_bad_account_value_is_ignored(account, admin_client, wanted):
    response = admin_client.post("/switch-account/", {"account": wanted})
    assert response.status_code == 302 and response["Location"] == "/"
    assert admin_client.get("/").context["request"].account == account


def test_switching_never_redirects_to_another_site(two_account_admin, other_account):
    client = client_for(two_account_admin)
    response = client.post("/switch-account/", {"account": other_account.pk, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_switching_needs_a_post(two_account_admin):
    assert client_for(two_account_admin).get("/switch-account/").status_code == 405


def test_a_signed_in_person_without_a_role_sees_no_access(nobody):
    response = client_for(nobody).get("/")
    assert response.status_code == 403
    assert b"No access" in response.content


def test_an_anonymous_visitor_is_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
