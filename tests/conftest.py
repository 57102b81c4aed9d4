"""Shared fixtures: the sandbox process, named personas, real connections."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from apps.accounts.models import Membership, Role, ZoomAccount, ZoomOAuthConnection
from apps.sandbox import demo
from apps.sandbox.testing import SandboxServer
from tests.helpers import authorization_code

REDIRECT_URI = "http://testserver/settings/connect/callback/"


@pytest.fixture(scope="session")
def sandbox() -> Iterator[SandboxServer]:
    """One sandbox process for the whole session; tests reset its state, not the process."""
    with SandboxServer() as server:
        yield server


@pytest.fixture
def zoom(sandbox: SandboxServer, settings) -> SandboxServer:
    """A freshly seeded sandbox, with the site's Zoom settings pointing at it."""
    sandbox.reset()
    settings.ZOOM_OAUTH_BASE_URL = sandbox.url
    settings.ZOOM_API_BASE_URL = sandbox.api_url
    settings.ZOOM_CLIENT_ID, settings.ZOOM_CLIENT_SECRET = demo.ADMIN_APP
    settings.ZOOM_LOGIN_CLIENT_ID = settings.ZOOM_LOGIN_CLIENT_SECRET = ""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.ADMIN_APP[0], "secret": demo.ADMIN_APP[1]}, "OAUTH_PKCE_ENABLED": False}
    }
    return sandbox


def zoom_env(sandbox: SandboxServer) -> dict[str, str]:
    """The environment another process (worker, concurrency test) needs to reach the sandbox."""
    return {
        **os.environ,
        "ZOOM_OAUTH_BASE_URL": sandbox.url,
        "ZOOM_API_BASE_URL": sandbox.api_url,
        "ZOOM_CLIENT_ID": demo.ADMIN_APP[0],
        "ZOOM_CLIENT_SECRET": demo.ADMIN_APP[1],
    }


@pytest.fixture
def connect(zoom: SandboxServer):
    """Connect a sandbox account through the real OAuth code flow; returns the connection."""
    from apps.accounts.connections import connect_from_code, environment_app

    def _connect(email: str = demo.DEMO_ADMIN_EMAIL) -> ZoomOAuthConnection:
        code = authorization_code(zoom.url, demo.ADMIN_APP[0], email, REDIRECT_URI)
        conn, _ = connect_from_code(environment_app(), code, REDIRECT_URI)
        return conn

    return _connect


@pytest.fixture
def account(db) -> ZoomAccount:
    return ZoomAccount.objects.create(zoom_account_id="acc-northwind", name=demo.DEMO_ACCOUNT_NAME)


@pytest.fixture
def other_account(db) -> ZoomAccount:
    return ZoomAccount.objects.create(zoom_account_id="acc-contoso", name=demo.OTHER_ACCOUNT_NAME)


def make_person(email: str, account: ZoomAccount | None = None, role: str | None = None):
    user = get_user_model().objects.create_user(username=email, email=email)
    if account is not None and role is not None:
        Membership.objects.create(account=account, email=email, user=user, role=role)
    return user


@pytest.fixture
def admin(account):
    return make_person("admin@northwind.example", account, Role.ADMIN)


@pytest.fixture
def approver(account):
    return make_person("approver@northwind.example", account, Role.APPROVER)


@pytest.fixture
def viewer(account):
    return make_person("viewer@northwind.example", account, Role.VIEWER)


@pytest.fixture
def outsider(other_account):
    """An admin, but of another Zoom account."""
    return make_person("admin@contoso.example", other_account, Role.ADMIN)


@pytest.fixture
def nobody(db):
    """Signed in with Zoom, but granted no role anywhere."""
    return make_person("member@northwind.example")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin) -> Client:
    return client_for(admin)
