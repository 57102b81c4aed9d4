"""A Northwind account connected to the sandbox, its users mirrored, and its people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from apps.accounts.models import Role
from apps.jobs import services as jobs
from apps.sandbox import demo
from apps.users.models import ZoomUser
from apps.zoom.client import ZoomClient
from tests.conftest import client_for, make_person


@dataclass
class Northwind:
    account: object
    zoom: ZoomClient  # talks to the sandbox directly, to check what Zoom holds
    admin: object
    viewer: object
    approver: object

    def user(self, email: str) -> ZoomUser:
        return ZoomUser.objects.get(account=self.account, email=email)

    def web(self, person=None):
        return client_for(person or self.admin)


def run_job(job) -> None:
    assert jobs.run(job.pk) == "succeeded", job.kind
    job.refresh_from_db()


@pytest.fixture
def northwind(connect, zoom) -> Northwind:
    conn = connect()
    account = conn.account
    job, _ = jobs.enqueue("sync.users", account)
    run_job(job)
    assert ZoomUser.objects.filter(account=account).count() == demo.DEFAULT_USERS
    return Northwind(account, ZoomClient(conn),
                     make_person("it-admin@northwind.example", account, Role.ADMIN),
                     make_person("it-viewer@northwind.example", account, Role.VIEWER),
                     make_person("it-approver@northwind.example", account, Role.APPROVER))



@pytest.fixture(autouse=True)
def _empty_cache():
    """Seat counts and filter choices are cached per account id, which tests reuse."""
    from django.core.cache import cache

    cache.clear()
