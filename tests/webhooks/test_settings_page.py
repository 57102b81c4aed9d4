"""Settings → Webhook events: the account's recent events, filter, retry (admins only)."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from apps.webhooks.models import WebhookEvent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def make(account, event_type: str, status: str, error: str = "") -> WebhookEvent:
    return WebhookEvent.objects.create(account=account, event_type=event_type, status=status, error=error,
                                       attempts=5 if status == "failed" else 1, dedupe_key=event_type + status)


def test_it_lists_the_account_s_events_with_status_and_why(admin, account, other_account):
    make(account, "meeting.registration_created", "applied")
    make(account, "user.updated", "failed", "ZoomTemporaryError: Zoom answered 503")
    make(other_account, "webinar.deleted", "applied")
    page = client_for(admin).get("/settings/webhooks/").content.decode()
    assert "meeting.registration_created" in page and "user.updated" in page
    assert "ZoomTemporaryError: Zoom answered 503" in page
    assert "webinar.deleted" not in page  # another account's
    assert page.count(">Retry</button>") == 1  # only the failed one


def test_it_filters_by_status(admin, account):
    make(account, "meeting.created", "applied")
    make(account, "user.updated", "failed", "boom")
    page = client_for(admin).get("/settings/webhooks/?status=failed").content.decode()
    assert "user.updated" in page and "meeting.created" not in page


def test_the_settings_tabs_link_to_it(admin):
    assert 'href="/settings/webhooks/"' in client_for(admin).get("/settings/").content.decode()


def test_retry_puts_a_failed_event_back_in_the_queue(admin, account, django_capture_on_commit_callbacks):
    event = make(account, "user.updated", "failed", "boom")
    with patch("apps.webhooks.tasks.apply_event.delay", autospec=True) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(admin).post(f"/settings/webhooks/{event.pk}/retry/")
        delay.assert_called_once_with(event.pk)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.attempts, event.error) == ("received", 0, "")


def test_only_admins_see_or_retry_events(viewer, approver, account):
    event = make(account, "user.updated", "failed", "boom")
    for person in (viewer, approver):
        assert client_for(person).get("/settings/webhooks/").status_code == 403
        assert client_for(person).post(f"/settings/webhooks/{event.pk}/retry/").status_code == 403
    event.refresh_from_db()
    assert event.status == "failed"


def test_an_admin_of_another_account_cannot_retry_this_account_s_event(outsider, account):
    event = make(account, "user.updated", "failed", "boom")
    assert client_for(outsider).post(f"/settings/webhooks/{event.pk}/retry/").status_code == 404
