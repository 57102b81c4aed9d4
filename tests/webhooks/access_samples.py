"""Sample route parameters of the webhook events pages, for the access matrix."""

from __future__ import annotations

from apps.webhooks.models import WebhookEvent


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    event = WebhookEvent.objects.create(account=account, event_type="meeting.created", dedupe_key="0" * 64,
                                        status=WebhookEvent.Status.FAILED)
    return {("webhooks", "pk"): (event.pk, True)}
