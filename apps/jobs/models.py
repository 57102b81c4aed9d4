"""A job: slow or bulk work done by Celery, tracked on a database row.

The row is the truth (DESIGN.md, "Data flow"): status, progress, a checkpoint to
resume from, and a heartbeat. A task claims its row with a conditional UPDATE, so
running it twice is harmless; a beat task re-queues jobs whose heartbeat went stale,
so a killed worker's job resumes from its checkpoint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=64)
    # Only one active job per (account, kind, key): e.g. one users sync per account.
    key = models.CharField(max_length=200, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    checkpoint = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # Claims so far (each start by a worker); at JOB_MAX_ATTEMPTS the job fails instead.
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The fencing token of the current claim: progress, checkpoints, heartbeats and the finish
    # count only when they carry it, so a worker that lost its claim cannot overwrite the next one's.
    claim_token = models.UUIDField(null=True, blank=True)
    # When a message for this job was last sent to the broker: a lost one is re-sent once per
    # staleness period, not on every beat.
    sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "kind", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "key"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_job_per_kind_and_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
