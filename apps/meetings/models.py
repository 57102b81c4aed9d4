from __future__ import annotations

from django.db import models

from apps.events.models import OccurrenceBase, ZoomEvent


class Meeting(ZoomEvent):
    class Meta(ZoomEvent.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "zoom_id"], name="meeting_unique_per_account")]
        indexes = [
            models.Index(fields=["account", "start_time"]),
            models.Index(fields=["account", "host_zoom_id", "start_time"]),
            models.Index(fields=["account", "type"]),
        ]


class Occurrence(OccurrenceBase):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="occurrences")

    class Meta(OccurrenceBase.Meta):
        constraints = [models.UniqueConstraint(fields=["meeting", "occurrence_id"], name="occurrence_unique")]
