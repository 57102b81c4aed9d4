"""User groups of the sandbox's accounts (GET /groups). Users and roles themselves are the
core's (:class:`apps.sandbox.models.SandboxUser`): OAuth and tokens need them."""

from __future__ import annotations

from django.db import models

from apps.sandbox.models import SandboxAccount, SandboxUser


class SandboxGroup(models.Model):
    """A user group of an account (GET /groups); users belong through :class:`SandboxGroupMember`."""

    zoom_id = models.CharField(max_length=32, unique=True)
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class SandboxGroupMember(models.Model):
    group = models.ForeignKey(SandboxGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="group_memberships")

    class Meta:
        ordering = ["group_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="sandbox_group_member_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} in group {self.group_id}"
