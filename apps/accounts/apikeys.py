"""API keys for the JSON API: create, revoke, authenticate.

Only the SHA-256 of a key is stored; the raw key is returned once, by
``create_api_key``, and is never logged or written anywhere.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import audit
from .models import ApiKey, ZoomAccount

KEY_PREFIX = "zak_"
PREFIX_LENGTH = 12
# A raw key is "zak_" + 43 url-safe characters; anything much longer is not a key.
MAX_RAW_KEY_LENGTH = 200
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate_raw_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def create_api_key(
    account: ZoomAccount, name: str, created_by: AbstractBaseUser | None
) -> tuple[ApiKey, str]:
    """Create a key for ``account``; return it with the raw key, which is shown once only."""
    raw = generate_raw_key()
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            account=account,
            name=name,
            prefix=raw[:PREFIX_LENGTH],
            key_hash=hash_key(raw),
            created_by=created_by if created_by is not None and created_by.is_authenticated else None,
        )
        audit.record(
            action="api_key.created",
            account=account,
            actor=created_by,
            target_type="api_key",
            target_id=str(api_key.pk),
            target_label=api_key.name,
        )
    return api_key, raw


def revoke_api_key(api_key: ApiKey, by: AbstractBaseUser | None) -> ApiKey:
    """Revoke ``api_key`` (idempotent: a revoked key keeps its first revocation time)."""
    with transaction.atomic():
        now = timezone.now()
        updated = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now)
        if not updated:
            api_key.refresh_from_db(fields=["revoked_at"])
            return api_key
        api_key.revoked_at = now
        audit.record(
            action="api_key.revoked",
            account=api_key.account,
            actor=by,
            target_type="api_key",
            target_id=str(api_key.pk),
            target_label=api_key.name,
        )
    return api_key


def authenticate_key(raw: str | None) -> ApiKey | None:
    """The active key whose raw value is ``raw``, or None. Notes its use (at most once a minute)."""
    if not raw or len(raw) > MAX_RAW_KEY_LENGTH:
        return None
    api_key = (
        ApiKey.objects.select_related("account")
        .filter(key_hash=hash_key(raw), revoked_at__isnull=True)
        .first()
    )
    if api_key is None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        # A conditional update, so concurrent requests write at most once a minute.
        ApiKey.objects.filter(pk=api_key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
