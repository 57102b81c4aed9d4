"""Small shared pieces: the sandbox clock, call counting, JSON answers."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from .models import SandboxCallCount, SandboxClock

DB = "sandbox"

# Zoom's rate-limit labels, and "-" for the OAuth endpoints (not rate-limited by label).
LIGHT = "Light"
MEDIUM = "Medium"
HEAVY = "Heavy"
RESOURCE_INTENSIVE = "Resource-intensive"
OAUTH = "-"
LABELS = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE, OAUTH)

View = Callable[..., HttpResponse]


# --- Clock ------------------------------------------------------------------


def clock_offset() -> float:
    row = SandboxClock.objects.using(DB).filter(pk=1).values_list("offset_seconds", flat=True)
    return next(iter(row), 0.0)


def now() -> datetime:
    """The sandbox's time: real time plus the clock's offset."""
    return timezone.now() + timedelta(seconds=clock_offset())


def set_clock_offset(seconds: float) -> float:
    SandboxClock.objects.using(DB).update_or_create(pk=1, defaults={"offset_seconds": seconds})
    return seconds


def advance_clock(seconds: float) -> float:
    with transaction.atomic(using=DB):
        return set_clock_offset(clock_offset() + seconds)


def iso(dt: datetime | None) -> str:
    """Zoom's date-time format: ``2018-10-31T04:32:37Z``."""
    if dt is None:
        return ""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Call counts ------------------------------------------------------------


def count_call(key: str, label: str) -> None:
    """Add one to the counter for ``key`` (atomic, safe across threads and processes)."""
    with transaction.atomic(using=DB):
        updated = SandboxCallCount.objects.using(DB).filter(key=key).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic(using=DB):
                SandboxCallCount.objects.using(DB).create(key=key, label=label, count=1)
        except IntegrityError:
            SandboxCallCount.objects.using(DB).filter(key=key).update(count=F("count") + 1)


def counted(label: str, key: str | None = None) -> Callable[[View], View]:
    """Count each request to the view, as ``"<METHOD> <key or path>"``."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            count_call(f"{request.method} {key or request.path}", label)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def call_counts() -> list[dict[str, Any]]:
    return list(SandboxCallCount.objects.using(DB).values("key", "label", "count"))


# --- JSON -------------------------------------------------------------------


def json_body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def zoom_error(status: int, code: int, message: str) -> JsonResponse:
    """An API error as Zoom answers it: ``{"code": ..., "message": ...}``."""
    return JsonResponse({"code": code, "message": message}, status=status)


def oauth_error(status: int, error: str, reason: str) -> JsonResponse:
    """An OAuth error as zoom.us answers it: ``{"reason": ..., "error": ...}``."""
    return JsonResponse({"reason": reason, "error": error}, status=status)
