"""The abstract bases of the mirrored events. The concrete models (and their tables and
migrations) stay in their apps: ``meetings.Meeting``, ``webinars.Webinar`` and their
occurrences."""

from __future__ import annotations

from django.db import models

from apps.mirror.models import MirroredModel


class ZoomEvent(MirroredModel):
    """What meetings and webinars share. No host secret is kept (no ``start_url``)."""

    zoom_id = models.BigIntegerField()
    uuid = models.CharField(max_length=64, blank=True)
    host_zoom_id = models.CharField(max_length=64, blank=True, db_index=True)
    host_email = models.EmailField(blank=True)
    topic = models.CharField(max_length=300)
    type = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, blank=True)
    start_time = models.DateTimeField(null=True, blank=True)
    duration = models.PositiveIntegerField(default=0)
    timezone = models.CharField(max_length=64, blank=True)
    agenda = models.TextField(blank=True)
    join_url = models.URLField(max_length=1000, blank=True)
    registration_url = models.URLField(max_length=1000, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    recurrence = models.JSONField(null=True, blank=True)
    zoom_created_at = models.DateTimeField(null=True, blank=True)
    # When the last occurrence ends: registrants' personal data is purged a while after.
    ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Whether the detail (settings, occurrences) was fetched, not only the list entry.
    detailed = models.BooleanField(default=False)

    class Meta:
        abstract = True
        ordering = ["start_time", "zoom_id"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.zoom_id})"

    @property
    def approval_type(self) -> int | None:
        return self.settings.get("approval_type")

    @property
    def has_registration(self) -> bool:
        return self.approval_type in (0, 1)


class OccurrenceBase(models.Model):
    """One occurrence of a recurring event; the concrete model adds the foreign key to its event
    (``related_name="occurrences"``)."""

    occurrence_id = models.CharField(max_length=32)
    start_time = models.DateTimeField()
    duration = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, default="available")

    class Meta:
        abstract = True
        ordering = ["start_time"]
