"""The audit log service: every write made through the dashboard calls ``record``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from .models import AuditEvent, ZoomAccount


def actor_label_for(user: AbstractBaseUser | None) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "system"
    return getattr(user, "email", "") or user.get_username()


def record(
    *,
    action: str,
    account: ZoomAccount | None,
    actor: AbstractBaseUser | None = None,
    actor_label: str | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    result: str = AuditEvent.Result.OK,
    zoom_status: int | None = None,
    zoom_code: int | None = None,
    message: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Store one audit event. ``actor_label`` names a non-person actor (a rule, "system").

    ``detail`` must hold no token, secret or personal data beyond what identifies the target.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        account=account,
        actor=user,
        actor_label=actor_label or actor_label_for(user),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=target_label[:300],
        result=result,
        zoom_status=zoom_status,
        zoom_code=zoom_code,
        message=message,
        detail=detail or {},
    )
