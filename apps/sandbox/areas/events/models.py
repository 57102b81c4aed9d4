"""Meetings, webinars, occurrences, registrants and panelists of the sandbox's accounts
(owned by meetings_api / webinars_api / registrants_api / recurrence / demo)."""

from __future__ import annotations

from django.db import models

from apps.sandbox.models import SandboxAccount, SandboxUser


class SandboxEvent(models.Model):
    """What a meeting and a webinar share (Zoom's shapes are nearly the same)."""

    zoom_id = models.BigIntegerField(unique=True)
    uuid = models.CharField(max_length=32, unique=True)
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="+")
    type = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    start_time = models.DateTimeField(null=True, blank=True, db_index=True)
    duration = models.PositiveIntegerField(default=60)
    timezone = models.CharField(max_length=64, default="UTC")
    password = models.CharField(max_length=10, blank=True)
    settings = models.JSONField(default=dict)
    recurrence = models.JSONField(null=True, blank=True)
    # registration form: {"questions": [...], "custom_questions": [...]}
    questions = models.JSONField(default=dict)
    status = models.CharField(max_length=16, default="waiting")  # waiting | started
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["start_time", "id"]

    def __str__(self) -> str:
        return f"{self.zoom_id} {self.topic}"

    @property
    def approval_type(self) -> int:
        return int((self.settings or {}).get("approval_type", 2))

    @property
    def registration_enabled(self) -> bool:
        return self.approval_type in (0, 1)


class SandboxMeeting(SandboxEvent):
    """Types: 1 instant, 2 scheduled, 3 recurring with no fixed time, 8 recurring with fixed time."""

    class Meta(SandboxEvent.Meta):
        abstract = False
        indexes = [models.Index(fields=["host", "start_time"])]


class SandboxWebinar(SandboxEvent):
    """Types: 5 webinar, 6 recurring with no fixed time, 9 recurring with fixed time."""

    class Meta(SandboxEvent.Meta):
        abstract = False
        indexes = [models.Index(fields=["host", "start_time"])]


class SandboxOccurrence(models.Model):
    """One occurrence of a type 8 meeting or a type 9 webinar. ``occurrence_id`` is the
    original start time in milliseconds since the epoch, as a string (as at Zoom)."""

    meeting = models.ForeignKey(SandboxMeeting, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="occurrences")
    webinar = models.ForeignKey(SandboxWebinar, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="occurrences")
    occurrence_id = models.CharField(max_length=20)
    start_time = models.DateTimeField(db_index=True)
    duration = models.PositiveIntegerField(default=60)
    status = models.CharField(max_length=16, default="available")  # available | deleted
    # Per-occurrence changes (agenda, settings subset) made with PATCH ?occurrence_id=
    overrides = models.JSONField(default=dict)

    class Meta:
        ordering = ["start_time", "id"]

    def __str__(self) -> str:
        return f"occurrence {self.occurrence_id}"


class SandboxRegistrant(models.Model):
    """A registration for a meeting or a webinar. ``status`` is one of Zoom's three values;
    a cancelled (previously approved) registration is listed as ``denied``."""

    meeting = models.ForeignKey(SandboxMeeting, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="registrants")
    webinar = models.ForeignKey(SandboxWebinar, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="registrants")
    zoom_id = models.CharField(max_length=32, db_index=True)
    email = models.CharField(max_length=128)
    first_name = models.CharField(max_length=64)
    last_name = models.CharField(max_length=64, blank=True)
    # address, city, state, zip, country, phone, industry, org, job_title, comments,
    # purchasing_time_frame, role_in_purchase_process, no_of_employees, language
    details = models.JSONField(default=dict)
    custom_questions = models.JSONField(default=list)
    status = models.CharField(max_length=16, default="approved")  # approved | pending | denied
    cancelled = models.BooleanField(default=False)
    # comma-separated occurrence ids; "" means every occurrence
    occurrence_ids = models.TextField(blank=True)
    create_time = models.DateTimeField()

    class Meta:
        ordering = ["create_time", "id"]
        indexes = [
            models.Index(fields=["meeting", "status"]),
            models.Index(fields=["webinar", "status"]),
        ]

    def __str__(self) -> str:
        return f"registrant {self.zoom_id}"


class SandboxPanelist(models.Model):
    webinar = models.ForeignKey(SandboxWebinar, on_delete=models.CASCADE, related_name="panelists")
    zoom_id = models.CharField(max_length=32, db_index=True)
    name = models.CharField(max_length=128)
    email = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"panelist {self.zoom_id}"


class SandboxDailyWrites(models.Model):
    """Meeting (or webinar) creates and updates per host per UTC day (Zoom: 100 a day)."""

    user = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # meeting | webinar
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "day"], name="sandbox_daily_writes_unique")]

    def __str__(self) -> str:
        return f"{self.kind} writes of user {self.user_id} on {self.day}: {self.count}"
