"""Zoom events as received: verified, stored, then applied to the mirror by a worker.

The payload holds personal data (registrants' names and emails): it is never logged,
and rows are purged WEBHOOK_EVENT_RETENTION_DAYS after they were received.
"""

from __future__ import annotations

from django.db import models


class WebhookEvent(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Failed"
        IGNORED = "ignored", "Ignored"

    account = models.ForeignKey(
        "accounts.ZoomAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="webhook_events"
    )
    event_type = models.CharField(max_length=100)
    # Zoom's event_ts: milliseconds since the epoch, when the change happened at Zoom.
    event_ts = models.BigIntegerField(null=True, blank=True)
    # SHA-256 of the event's canonical JSON: Zoom's redeliveries of one event are one row.
    dedupe_key = models.CharField(max_length=64, unique=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Claimed by a worker (or waiting for a retry) until then; the beat leaves it alone meanwhile.
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-received_at"]),
            models.Index(fields=["status", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk} ({self.status})"
