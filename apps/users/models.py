from __future__ import annotations

from django.db import models

from apps.mirror.models import MirroredModel


class ZoomUser(MirroredModel):
    """A user of the Zoom account, as last synced (GET /users)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        PENDING = "pending", "Pending"

    class Type(models.IntegerChoices):
        BASIC = 1, "Basic"
        LICENSED = 2, "Licensed"
        UNASSIGNED = 4, "Unassigned without Meetings Basic"
        NONE = 99, "None"

    zoom_id = models.CharField(max_length=64)
    email = models.EmailField(max_length=254)
    first_name = models.CharField(max_length=128, blank=True)
    last_name = models.CharField(max_length=128, blank=True)
    display_name = models.CharField(max_length=256, blank=True)
    type = models.PositiveSmallIntegerField(default=Type.BASIC)
    role_id = models.CharField(max_length=32, blank=True)
    role_name = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    dept = models.CharField(max_length=128, blank=True)
    job_title = models.CharField(max_length=128, blank=True)
    location = models.CharField(max_length=128, blank=True)
    timezone = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=16, blank=True)
    group_ids = models.JSONField(default=list, blank=True)
    pmi = models.BigIntegerField(null=True, blank=True)
    verified = models.BooleanField(default=False)
    user_created_at = models.DateTimeField(null=True, blank=True)
    last_login_time = models.DateTimeField(null=True, blank=True)
    last_client_version = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(fields=["account", "zoom_id"], name="zoomuser_unique_per_account")]
        indexes = [
            models.Index(fields=["account", "status", "last_name"]),
            models.Index(fields=["account", "email"]),
            models.Index(fields=["account", "type"]),
            models.Index(fields=["account", "dept"]),
            models.Index(fields=["account", "role_name"]),
        ]

    def __str__(self) -> str:
        return self.email


class ZoomGroup(MirroredModel):
    """A group of the Zoom account (GET /groups; paid accounts only), for its name."""

    zoom_id = models.CharField(max_length=64)
    name = models.CharField(max_length=128)
    total_members = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "zoom_id"]
        constraints = [models.UniqueConstraint(fields=["account", "zoom_id"], name="zoomgroup_unique_per_account")]

    def __str__(self) -> str:
        return self.name
