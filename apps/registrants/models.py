from __future__ import annotations

from django.db import models
from django.db.models import Q

from apps.zoom.mirror import MirroredModel


class Registrant(MirroredModel):
    """A registrant of a meeting or a webinar (exactly one of the two)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DENIED = "denied", "Denied"

    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="registrants"
    )
    webinar = models.ForeignKey(
        "webinars.Webinar", null=True, blank=True, on_delete=models.CASCADE, related_name="registrants"
    )
    zoom_id = models.CharField(max_length=64)
    email = models.EmailField()
    first_name = models.CharField(max_length=128, blank=True)
    last_name = models.CharField(max_length=128, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    occurrence_ids = models.JSONField(default=list, blank=True)
    custom_questions = models.JSONField(default=list, blank=True)
    org = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, webinar__isnull=True) | Q(meeting__isnull=True, webinar__isnull=False),
                name="registrant_of_one_event",
            ),
            models.UniqueConstraint(fields=["meeting", "zoom_id"], name="registrant_unique_per_meeting"),
            models.UniqueConstraint(fields=["webinar", "zoom_id"], name="registrant_unique_per_webinar"),
        ]
        indexes = [
            models.Index(fields=["account", "status", "-registered_at"]),
            models.Index(fields=["account", "email"]),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"

    @property
    def event(self):
        return self.meeting or self.webinar
