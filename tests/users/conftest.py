"""The users tests' helpers: a small mirrored Northwind, and running a job as a worker would."""

from __future__ import annotations

import pytest

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.sandbox import demo
from apps.users.models import ZoomUser
from tests import factories
from tests.conftest import Northwind


def run_job(job: Job) -> None:
    assert jobs.run(job.pk) == "succeeded", job.kind
    job.refresh_from_db()


@pytest.fixture
def mirrored(northwind: Northwind) -> list[ZoomUser]:
    """What the users sync mirrors of a small Northwind, with the sandbox's emails for its owner, admin
    and member: licensed and basic users, in departments and groups, one inactive and one pending."""
    account = northwind.account
    return [
        factories.zoom_user(account, email=demo.DEMO_OWNER_EMAIL, role_id="0", role_name="Owner", dept="Finance",
                            group_ids=["zg-finance"]),
        factories.zoom_user(account, email=demo.DEMO_ADMIN_EMAIL, role_id="1", role_name="Admin", dept="Events",
                            group_ids=["zg-events"]),
        factories.zoom_user(account, email=demo.DEMO_MEMBER_EMAIL, first_name="Morgan", last_name="Meadows",
                            type=ZoomUser.Type.BASIC, dept="Sales", group_ids=["zg-sales"]),
        factories.zoom_user(account, type=ZoomUser.Type.BASIC, dept="Sales", group_ids=["zg-sales", "zg-events"]),
        factories.zoom_user(account, dept="Support"),
        factories.zoom_user(account, dept="Sales", status=ZoomUser.Status.INACTIVE),
        factories.zoom_user(account, zoom_id="pending:late@northwind.example", email="late@northwind.example",
                            status=ZoomUser.Status.PENDING, verified=False),
    ]
