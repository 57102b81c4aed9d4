from __future__ import annotations

from django.db import models

from apps.events.models import OccurrenceBase, ZoomEvent


class Webinar(ZoomEvent):
    class Meta(ZoomEvent.Meta):
        constraints = [models.UniqueConstraint(fields=["account", "zoom_id"], name="webinar_unique_per_account")]
        indexes = [
            models.Index(fields=["account", "start_time"]),
            models.Index(fields=["account", "host_zoom_id", "start_time"]),
        ]


class WebinarOccurrence(OccurrenceBase):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="occurrences")

    class Meta(OccurrenceBase.Meta):
        constraints = [models.UniqueConstraint(fields=["webinar", "occurrence_id"], name="webinar_occurrence_unique")]


class Panelist(models.Model):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="panelists")
    zoom_id = models.CharField(max_length=64)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    synced_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["webinar", "zoom_id"], name="panelist_unique")]

    def __str__(self) -> str:
        return f"panelist {self.zoom_id} of webinar {self.webinar_id}"
