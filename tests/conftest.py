"""Shared fixtures: the sandbox process, Northwind and its personas, real connections, the Zoom seam."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.utils.csp import CSP

from apps.accounts.models import Membership, Role, ZoomAccount, ZoomOAuthConnection
from apps.jobs import services as jobs
from apps.sandbox import demo
from apps.sandbox.testing import SandboxServer
from apps.users.models import ZoomUser
from apps.zoom.client import ZoomClient
from tests import factories
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
    """A freshly seeded sandbox (its users, groups and apps), with the site's Zoom settings pointing
    at it. The demo meetings, webinars and registrants are left out: no test reads them, and they are
    most of the cost of a reset; a test that wants some resets with ``meetings=``/``registrants=``."""
    sandbox.reset(meetings=0, registrants=0)
    settings.ZOOM_OAUTH_BASE_URL = sandbox.url
    settings.ZOOM_API_BASE_URL = sandbox.api_url
    settings.ZOOM_CLIENT_ID, settings.ZOOM_CLIENT_SECRET = demo.ADMIN_APP
    settings.ZOOM_LOGIN_CLIENT_ID = settings.ZOOM_LOGIN_CLIENT_SECRET = ""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "zoom": {"APP": {"client_id": demo.ADMIN_APP[0], "secret": demo.ADMIN_APP[1]}, "OAUTH_PKCE_ENABLED": True}
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


def start_worker(sandbox: SandboxServer, log: Path, *, queues: str = "celery",
                 env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start a real Celery worker process on the test database and this process's broker;
    ``env`` adds settings of its own (``{"JOB_STALE_AFTER": "1"}``)."""
    from django.conf import settings

    from zoomadmin.celery import app

    env = {**zoom_env(sandbox), "DATABASE_URL": database_url(settings.DATABASES["default"]),
           "ZOOM_RATE_BUDGET_URL": settings.ZOOM_RATE_BUDGET_URL, **(env or {})}
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


@pytest.fixture
def own_queue(request) -> Iterator[str]:
    """Route this test's tasks to a queue of its own, which only the workers it starts read
    (``start_worker(..., queues=own_queue)``): the session's worker never takes them."""
    from zoomadmin.celery import app

    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue = f"test-{request.node.name}"[:100]
    yield queue
    app.conf.task_default_queue = previous


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.1):
    """Poll an end state (a row changed by another process) instead of sleeping."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def run_here(job_id: int, timeout: float = 60.0) -> str:
    """Run a job in this process, as a worker would, and return how it ended.

    In transaction tests the job was also sent to the broker at commit, and a worker of the
    session (started by an earlier test) may claim it first: then wait for that run's end."""
    from apps.jobs import services
    from apps.jobs.models import Job

    outcome = services.run(job_id)
    if outcome != "not claimed":
        return outcome
    wait_for(lambda: not Job.objects.filter(pk=job_id, status__in=Job.ACTIVE).exists(), timeout=timeout)
    return Job.objects.get(pk=job_id).status


@pytest.fixture
def connect(zoom: SandboxServer) -> Callable[..., ZoomOAuthConnection]:
    """Connect a sandbox account through the real OAuth code flow; returns the connection."""
    from apps.connections.services import connect_from_code, environment_app

    def _connect(email: str = demo.DEMO_ADMIN_EMAIL) -> ZoomOAuthConnection:
        code = authorization_code(zoom.url, demo.ADMIN_APP[0], email, REDIRECT_URI)
        conn, _ = connect_from_code(environment_app(), code, REDIRECT_URI)
        return conn

    return _connect


# --- Northwind: one account, its people, and (when a test needs Zoom) its connection ----------------


def persona_email(persona: str, domain: str = demo.DEMO_DOMAIN) -> str:
    """The personas' one email scheme, ``it-<persona>@<their account's domain>``. No sandbox user has
    such an address (Zoom's are owner@, admin@, member@ and first.last.n@), so a persona never passes
    for one of the account's Zoom users, nor signs in as one."""
    return f"it-{persona}@{domain}"


def make_person(email: str, account: ZoomAccount | None = None, role: str | None = None) -> AbstractUser:
    user = get_user_model().objects.create_user(username=email, email=email)
    if account is not None and role is not None:
        Membership.objects.create(account=account, email=email, user=user, role=role)
    return user


def client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Northwind:
    """The sandbox's Northwind account (its Zoom id, so connecting it finds this row), Contoso next to
    it, and the personas. ``zoom`` is set once the account is connected to the sandbox."""

    account: ZoomAccount
    other_account: ZoomAccount  # Contoso Learning, the outsider's account
    admin: AbstractUser
    approver: AbstractUser
    viewer: AbstractUser
    outsider: AbstractUser  # an admin, but of Contoso
    nobody: AbstractUser  # signed in with Zoom, granted no role anywhere
    connection: ZoomOAuthConnection | None = None

    @property
    def zoom(self) -> ZoomClient:
        """Talks to the sandbox directly, to check what Zoom holds (once connected)."""
        if self.connection is None:
            raise AssertionError("northwind is not connected to Zoom: use connected_northwind or synced_northwind")
        return ZoomClient(self.connection)

    def web(self, person: AbstractUser | None = None) -> Client:
        """A test client signed in as ``person`` (the admin by default)."""
        return client_for(person or self.admin)

    def user(self, email: str) -> ZoomUser:
        """The account's mirrored Zoom user with this email."""
        return ZoomUser.objects.get(account=self.account, email=email)

    @property
    def host(self) -> ZoomUser:
        """The account's Zoom admin, a licensed user who hosts what the tests schedule."""
        return self.user(demo.DEMO_ADMIN_EMAIL)


@pytest.fixture
def northwind(db) -> Northwind:
    """Northwind with its people and nothing at Zoom: no connection, an empty mirror. Build the rows a
    test needs with tests.factories. A test that needs Zoom itself asks for ``connected_northwind`` or
    ``synced_northwind`` too (``@pytest.mark.usefixtures``): they connect this same object."""
    northwind_id, contoso_id = demo.demo_account_ids()
    account = ZoomAccount.objects.create(zoom_account_id=northwind_id, name=demo.DEMO_ACCOUNT_NAME)
    other = ZoomAccount.objects.create(zoom_account_id=contoso_id, name=demo.OTHER_ACCOUNT_NAME)
    return Northwind(
        account=account,
        other_account=other,
        admin=make_person(persona_email("admin"), account, Role.ADMIN),
        approver=make_person(persona_email("approver"), account, Role.APPROVER),
        viewer=make_person(persona_email("viewer"), account, Role.VIEWER),
        outsider=make_person(persona_email("admin", demo.OTHER_DOMAIN), other, Role.ADMIN),
        nobody=make_person(persona_email("nobody")),
    )


@pytest.fixture
def connected_northwind(northwind: Northwind, connect: Callable[..., ZoomOAuthConnection],
                        zoom: SandboxServer) -> Northwind:
    """``northwind`` itself (the same object), connected to a freshly seeded sandbox through the real
    OAuth code flow by its Zoom admin; its mirror is still empty. ``northwind.zoom`` is set."""
    conn = connect()
    assert conn.account_id == northwind.account.pk, "the sandbox's Northwind is not the fixture's account"
    northwind.account.refresh_from_db()
    northwind.connection = conn
    return northwind


@pytest.fixture
def synced_northwind(connected_northwind: Northwind) -> Northwind:
    """``connected_northwind`` with the account's users synced into the mirror (the job run in this
    process, as a worker would)."""
    job, _ = jobs.enqueue("sync.users", connected_northwind.account)
    outcome = run_here(job.pk)
    job.refresh_from_db()
    assert outcome == "succeeded", job.error
    return connected_northwind


@pytest.fixture
def account(northwind: Northwind) -> ZoomAccount:
    return northwind.account


@pytest.fixture
def other_account(northwind: Northwind) -> ZoomAccount:
    return northwind.other_account


@pytest.fixture
def admin(northwind: Northwind) -> AbstractUser:
    return northwind.admin


@pytest.fixture
def approver(northwind: Northwind) -> AbstractUser:
    return northwind.approver


@pytest.fixture
def viewer(northwind: Northwind) -> AbstractUser:
    return northwind.viewer


@pytest.fixture
def outsider(northwind: Northwind) -> AbstractUser:
    """An admin, but of another Zoom account."""
    return northwind.outsider


@pytest.fixture
def nobody(northwind: Northwind) -> AbstractUser:
    """Signed in with Zoom, but granted no role anywhere."""
    return northwind.nobody


@pytest.fixture
def admin_client(northwind: Northwind) -> Client:
    return northwind.web()


# --- The apps/zoom seam, for tests that must not reach Zoom ----------------------------------------


@dataclass
class ZoomSeam:
    call: mock.MagicMock
    pages: mock.MagicMock

    @property
    def untouched(self) -> bool:
        return not self.call.called and not self.pages.called


@pytest.fixture
def zoom_seam(northwind: Northwind) -> Iterator[ZoomSeam]:
    """Northwind connected without OAuth (a connection row with a fresh token) and the Zoom client's
    ``call`` and ``pages`` patched (autospec): a test asserts ``zoom_seam.untouched``, and any call
    that slips through fails loudly instead of reaching anything."""
    factories.connection(northwind.account)

    def refuse(*args, **kwargs):
        raise AssertionError(f"a Zoom call was made: {args[1:]} {kwargs}")

    with (mock.patch.object(ZoomClient, "call", autospec=True, side_effect=refuse) as call,
          mock.patch.object(ZoomClient, "pages", autospec=True, side_effect=refuse) as pages):
        yield ZoomSeam(call, pages)
