"""Demo events: deterministic, fast, realistic, and served by the meetings endpoints."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from test_sandbox_meetings import admin_headers, no_rate_limits  # noqa: F401

from apps.sandbox import demo
from apps.sandbox.areas.events.models import (
    SandboxMeeting,
    SandboxOccurrence,
    SandboxPanelist,
    SandboxRegistrant,
    SandboxWebinar,
)

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]
DB = "sandbox"


def snapshot() -> tuple:
    meetings = list(SandboxMeeting.objects.using(DB).order_by("zoom_id")
                    .values_list("zoom_id", "uuid", "topic", "type"))
    registrants = list(SandboxRegistrant.objects.using(DB).order_by("zoom_id")
                       .values_list("zoom_id", "email", "status")[:500])
    return meetings, registrants


def test_the_same_seed_gives_the_same_events() -> None:
    demo.reset(seed=3, users=10, meetings=60, registrants=600)
    first = snapshot()
    demo.reset(seed=3, users=10, meetings=60, registrants=600)
    assert snapshot() == first
    demo.reset(seed=4, users=10, meetings=60, registrants=600)
    assert snapshot() != first


def test_2000_meetings_and_50000_registrants_are_seeded_quickly() -> None:
    started = time.monotonic()
    demo.reset(seed=1, users=50, meetings=2000, registrants=50_000)
    elapsed = time.monotonic() - started
    assert elapsed < 30, elapsed
    events = SandboxMeeting.objects.using(DB).count() + SandboxWebinar.objects.using(DB).count()
    assert events == 2000
    assert SandboxRegistrant.objects.using(DB).count() == 50_000
    assert SandboxOccurrence.objects.using(DB).filter(meeting__type=8).exists()
    assert SandboxPanelist.objects.using(DB).exists()
    pending = SandboxRegistrant.objects.using(DB).filter(status="pending")
    assert pending.exists() and pending.first().custom_questions[0]["title"] == "Company"
    domains = {e.split("@")[1] for e in SandboxRegistrant.objects.using(DB).values_list("email", flat=True)[:2000]}
    assert len(domains) > 5 and all(d.endswith((".example", "example.com", "example.net", "example.org"))
                                    for d in domains)
    uuids = list(SandboxMeeting.objects.using(DB).values_list("uuid", flat=True))
    assert any(u.startswith("/") for u in uuids) and any("//" in u for u in uuids)


def test_seeded_events_are_served(client: Client) -> None:
    demo.reset(seed=1, users=10, meetings=80, registrants=800)
    auth = admin_headers(client)
    weekly = SandboxMeeting.objects.using(DB).filter(type=8, settings__approval_type=1).first() \
        or SandboxMeeting.objects.using(DB).filter(type=8).first()
    detail = client.get(f"/v2/meetings/{weekly.zoom_id}", {"show_previous_occurrences": "true"}, **auth).json()
    assert detail["recurrence"]["type"] in (1, 2, 3) and detail["occurrences"]
    event = SandboxMeeting.objects.using(DB).filter(registrants__status="pending").first()
    listed = client.get(f"/v2/meetings/{event.zoom_id}/registrants", {"status": "pending"}, **auth).json()
    assert listed["total_records"] > 0
    slashed = SandboxMeeting.objects.using(DB).filter(uuid__startswith="/").first()
    if slashed is not None:  # a UUID starting with "/" is reachable when double-encoded
        from urllib.parse import quote
        response = client.get("/v2/meetings/" + quote(quote(slashed.uuid, safe=""), safe=""), **auth)
        assert response.status_code == 200 and response.json()["id"] == slashed.zoom_id
