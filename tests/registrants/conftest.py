"""Events with registration at the sandbox, mirrored locally, with pending registrants."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.jobs import services
from apps.meetings.models import Meeting
from apps.registrants.models import Registrant
from apps.registrants.sync import write_registrants
from apps.webinars.models import Webinar
from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import registrants as zoom_registrants
from tests.conftest import Northwind


def create_event(client: ZoomClient, account: ZoomAccount, *, topic: str = "Launch",
                 webinar: bool = False) -> Meeting | Webinar:
    """A scheduled event with manual approval at Zoom, and its row in the mirror."""
    kind = "webinars" if webinar else "meetings"
    data = client.call("POST", f"/users/{{userId}}/{kind}", userId="me", json={
        "topic": topic, "type": 5 if webinar else 2, "start_time": "2027-03-01T15:00:00Z", "duration": 60,
        "timezone": "UTC", "settings": {"approval_type": 1, "registration_type": 1}})
    model = Webinar if webinar else Meeting
    return model.objects.create(account=account, zoom_id=data["id"], topic=topic, type=5 if webinar else 2,
                                settings={"approval_type": 1}, synced_at=timezone.now())


def register(client: ZoomClient, event, emails: list[str], answers: list | None = None) -> None:
    """Pending registrants at Zoom, 30 per batch call."""
    kind = "webinars" if isinstance(event, Webinar) else "meetings"
    param = "webinarId" if kind == "webinars" else "meetingId"
    if answers:
        # Zoom's batch items take no answers: registrants with answers register one by one.
        for e in emails:
            zoom_registrants.add_registrant(client, kind[:-1], event.zoom_id, email=e,
                                            first_name=e.split("@")[0].title(), last_name="Guest",
                                            custom_questions=answers)
        return
    for start in range(0, len(emails), 30):
        rows = [{"email": e, "first_name": e.split("@")[0].title(), "last_name": "Guest"}
                for e in emails[start:start + 30]]
        client.call("POST", f"/{kind}/{{{param}}}/batch_registrants", json={"auto_approve": False, "registrants": rows},
                    **{param: event.zoom_id})


def sync_registrants(event) -> None:
    kind = "webinar" if isinstance(event, Webinar) else "meeting"
    job, _ = services.enqueue("sync.registrants", event.account, key=f"{kind}:{event.zoom_id}",
                              params={"event": kind, "zoom_id": event.zoom_id})
    assert services.run(job.pk) == "succeeded", job.error


def at_zoom(client: ZoomClient, event, status: str) -> list[dict]:
    kind = "webinars" if isinstance(event, Webinar) else "meetings"
    param = "webinarId" if kind == "webinars" else "meetingId"
    return list(client.paginate(f"/{kind}/{{{param}}}/registrants", "registrants", params={"status": status},
                                **{param: event.zoom_id}))


def zoom_statuses(client: ZoomClient, event, status: str) -> set[str]:
    return {r["email"] for r in at_zoom(client, event, status)}


def mirror_pending(client: ZoomClient, event) -> None:
    """Write what Zoom lists as pending for a new event into the mirror, with the registrants sync's own
    writer: the fixture's shortcut (one list call, no job); the sync itself runs where it is tested."""
    kind = "webinar" if isinstance(event, Webinar) else "meeting"
    write_registrants(kind, event, at_zoom(client, event, "pending"), timezone.now(), "pending")


@pytest.fixture
def events(connected_northwind: Northwind) -> list[Meeting]:
    """Two of Northwind's meetings at the sandbox: 31 pending at the first, 5 at the second, all mirrored."""
    account, client = connected_northwind.account, connected_northwind.zoom
    first = create_event(client, account, topic="Big launch")
    second = create_event(client, account, topic="Small launch")
    register(client, first, [f"guest{i}@partner.example" for i in range(31)])
    register(client, second, [f"fan{i}@fans.example" for i in range(5)])
    for event in (first, second):
        mirror_pending(client, event)
    assert Registrant.objects.filter(account=account, status="pending").count() == 36
    return [first, second]
