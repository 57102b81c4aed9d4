"""Shared fixtures: the sandbox process, named personas, real connections."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.csp import CSP

from apps.accounts.models import Membership, Role, ZoomAccount, ZoomOAuthConnection
from apps.sandbox import demo
from apps.sandbox.testing import SandboxServer
from tests.helpers import authorization_code, database_url

REDIRECT_URI = "http://testserver/settings/connect/callback/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached values (the pending badge) must not leak from one test's rows into another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_budget(request):
    """Each test starts with an empty rate budget (windows and daily counts)."""
    if "django_db_setup" not in request.fixturenames and "db" not in request.fixturenames:
        return
    from apps.zoom import budget

    budget.store().reset()


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
    # The sign-in and connect forms redirect to the sandbox's consent page.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, sandbox.url]}
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


def start_worker(sandbox: SandboxServer, log: Path, *, queues: str = "celery") -> subprocess.Popen:
    """Start a real Celery worker process on the test database and this process's broker."""
    from django.conf import settings

    from zoomadmin.celery import app

    env = {**zoom_env(sandbox), "DATABASE_URL": database_url(settings.DATABASES["default"]),
           "ZOOM_RATE_BUDGET_URL": settings.ZOOM_RATE_BUDGET_URL}
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        env["CELERY_BROKER_DIR"] = app.conf.broker_transport_options["data_folder_in"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "zoomadmin", "worker", "--pool", "threads", "-Q", queues,
             "--concurrency", "4", "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b"ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("the Celery worker did not start:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.1)
    return proc


def stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session", autouse=True)
def isolated_rate_budget(tmp_path_factory):
    """A rate-budget file of this test session's own (not `make run`'s, nor another suite's):
    the daily-cap tests fill the day's cap for the demo account. Redis (CI) is flushed per test."""
    from django.conf import settings

    if not settings.ZOOM_RATE_BUDGET_URL.startswith(("redis://", "rediss://")):
        settings.ZOOM_RATE_BUDGET_URL = f"sqlite:///{tmp_path_factory.mktemp('budget') / 'rate_budget.sqlite3'}"


@pytest.fixture(scope="session", autouse=True)
def isolated_broker(tmp_path_factory):
    """The filesystem broker of this test session, apart from a running `make run`.

    Autouse, so it is in place before anything is sent: the broker connection, once
    made, keeps its folders."""
    from django.conf import settings

    from zoomadmin.celery import app

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        broker_dir = tmp_path_factory.mktemp("broker")
        (broker_dir / "processed").mkdir()
        app.conf.broker_transport_options = {
            **app.conf.broker_transport_options,
            "data_folder_in": str(broker_dir),
            "data_folder_out": str(broker_dir),
            "processed_folder": str(broker_dir / "processed"),
        }


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, sandbox, isolated_broker, tmp_path_factory):
    """A real Celery worker process on the test database (filesystem broker, or Redis in CI)."""
    proc = start_worker(sandbox, tmp_path_factory.mktemp("worker") / "worker.log")
    yield proc
    stop_worker(proc)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Poll an end state (a row changed by another process) instead of sleeping."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture
def connect(zoom: SandboxServer):
    """Connect a sandbox account through the real OAuth code flow; returns the connection."""
    from apps.connections.services import connect_from_code, environment_app

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
