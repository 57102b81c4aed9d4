from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.mirror.models import MirroredModel


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
                condition=(Q(meeting__isnull=False, webinar__isnull=True)
                           | Q(meeting__isnull=True, webinar__isnull=False)),
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


class Rule(models.Model):
    """An auto-decision rule for new pending registrants, for one event or the whole account."""

    class Kind(models.TextChoices):
        ALLOW_DOMAINS = "allow_domains", "Approve when the email domain is in the list"
        BLOCK_DOMAINS = "block_domains", "Deny when the email domain is in the list"
        ANSWER_MATCHES = "answer_matches", "Approve when a custom answer matches"

    class Match(models.TextChoices):
        EXACT = "exact", "is exactly"
        CONTAINS = "contains", "contains"

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    # Empty event_kind: the rule applies to every meeting and webinar of the account.
    event_kind = models.CharField(max_length=8, blank=True, choices=[("meeting", "Meeting"), ("webinar", "Webinar")])
    event_zoom_id = models.BigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    domains = models.TextField(blank=True, help_text="One domain per line (or comma-separated)")
    question_title = models.CharField(max_length=300, blank=True)
    answer_value = models.CharField(max_length=300, blank=True)
    match = models.CharField(max_length=8, choices=Match.choices, default=Match.EXACT)
    enabled = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["account", "enabled"])]

    def __str__(self) -> str:
        return self.name

    @property
    def action(self) -> str:
        return "deny" if self.kind == self.Kind.BLOCK_DOMAINS else "approve"

    @property
    def domain_list(self) -> set[str]:
        parts = self.domains.replace(",", "\n").split()
        return {p.strip().lower().lstrip("@") for p in parts if p.strip()}
