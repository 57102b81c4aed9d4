"""A Northwind account connected to the sandbox with its users mirrored, its people, and a valid form."""

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

    @property
    def host(self) -> ZoomUser:
        return ZoomUser.objects.get(account=self.account, email=demo.DEMO_ADMIN_EMAIL)

    def web(self, person=None):
        return client_for(person or self.admin)


@pytest.fixture
def northwind(connect, zoom) -> Northwind:
    conn = connect()
    job, _ = jobs.enqueue("sync.users", conn.account)
    assert jobs.run(job.pk) == "succeeded"
    return Northwind(conn.account, ZoomClient(conn),
                     make_person("it-admin@northwind.example", conn.account, Role.ADMIN),
                     make_person("it-viewer@northwind.example", conn.account, Role.VIEWER))


def form_data(host: ZoomUser, **changes) -> dict:
    """A valid weekly meeting; ``changes`` override fields (None removes one)."""
    data = {
        "host": host.zoom_id, "topic": "Weekly planning", "agenda": "Plans", "start_date": "2031-03-03",
        "start_time": "09:30", "timezone": "Europe/Paris", "duration": "45", "repeat": "weekly",
        "repeat_interval": "1", "weekly_days": ["2", "4"], "monthly_by": "day", "end_by": "times", "end_times": "6",
        "passcode": "abc123", "registration": "manual", "registration_type": "1", "audio": "both",
        "auto_recording": "none", "alternative_hosts": "", "waiting_room": "on",
    }
    return changed(data, changes)


def changed(data: dict, changes: dict) -> dict:
    """``data`` with ``changes`` applied: a value replaces a field, None removes it."""
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
