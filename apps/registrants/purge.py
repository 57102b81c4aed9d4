"""Registrants' personal data leaves the mirror a while after their event ended."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Registrant


def purge_due(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.REGISTRANT_RETENTION_DAYS)
    due = Registrant.objects.filter(Q(meeting__ends_at__lt=cutoff) | Q(webinar__ends_at__lt=cutoff))
    deleted, _ = due.delete()
    return deleted
