"""Claiming, retries with back-off, failure, the stuck-event beat task and the purge."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

import pytest
from django.utils import timezone

from apps.webhooks import services
from apps.webhooks.models import WebhookEvent
from apps.zoom.errors import ZoomTemporaryError

pytestmark = pytest.mark.django_db


def received(account, event_type: str = "meeting.created", **fields) -> WebhookEvent:
    return WebhookEvent.objects.create(account=account, event_type=event_type,
                                       dedupe_key=f"k{WebhookEvent.objects.count()}",
                                       payload={"object": {"id": 1}}, **fields)


def test_an_event_is_applied_once_even_when_its_task_runs_twice(account):
    event = received(account, "meeting.started")
    assert services.process(event.pk) == ("ignored", None)
    assert services.process(event.pk) == ("not claimed", None)
    event.refresh_from_db()
    assert (event.status, event.attempts) == ("ignored", 1)


def test_a_transient_failure_is_retried_with_back_off_then_marked_failed_with_the_reason(account, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    event = received(account)
    with patch("apps.webhooks.apply.refresh_meeting", autospec=True,
               side_effect=ZoomTemporaryError("Zoom answered 503")):
        delays = []
        for _ in range(3):
            _outcome, delay = services.process(event.pk)
            delays.append(delay)
            services.release_for_retry(event.pk)  # what the retried task does first
    assert delays[:2] == [5, 10] and delays[2] is None
    event.refresh_from_db()
    assert event.status == "failed" and event.attempts == 3
    assert "Zoom answered 503" in event.error


def test_a_permanent_failure_is_marked_failed_at_once(account):
    event = received(account, "meeting.registration_created")  # no registrant in the payload
    assert services.process(event.pk) == ("failed", None)
    event.refresh_from_db()
    assert event.status == "failed" and "registrant" in event.error


def test_a_waiting_retry_is_not_claimed_before_it_is_due(account):
    event = received(account, locked_until=timezone.now() + dt.timedelta(minutes=1))
    assert services.process(event.pk) == ("not claimed", None)


def test_events_stuck_in_received_are_sent_again(account, django_capture_on_commit_callbacks):
    old = received(account)
    WebhookEvent.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(minutes=5))
    received(account)  # just arrived: its own message is on its way
    waiting = received(account, locked_until=timezone.now() + dt.timedelta(minutes=1))
    WebhookEvent.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - dt.timedelta(minutes=5))
    with patch("apps.webhooks.tasks.apply_event.delay", autospec=True) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            assert services.requeue_stuck() == [old.pk]
        delay.assert_called_once_with(old.pk)


def test_old_events_are_purged(account, settings):
    settings.WEBHOOK_EVENT_RETENTION_DAYS = 30
    old, recent = received(account), received(account)
    WebhookEvent.objects.filter(pk=old.pk).update(received_at=timezone.now() - dt.timedelta(days=31))
    assert services.purge_old() == 1
    assert list(WebhookEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_beat_schedule_requeues_stuck_events_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stuck-webhook-events"]
    assert entry == {"task": "apps.webhooks.tasks.requeue_stuck_events", "schedule": 60}
