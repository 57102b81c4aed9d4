"""The host the forms schedule for, as the mirror holds them (no Zoom), and a valid form."""

from __future__ import annotations

import pytest

from apps.sandbox import demo
from apps.users.models import ZoomUser
from tests import factories
from tests.conftest import Northwind


@pytest.fixture
def host(northwind: Northwind) -> ZoomUser:
    """Northwind's Zoom admin in the mirror (``northwind.host``): an active, licensed user."""
    return factories.zoom_user(northwind.account, email=demo.DEMO_ADMIN_EMAIL, role_id="1", role_name="Admin",
                               timezone="Europe/Paris")


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
