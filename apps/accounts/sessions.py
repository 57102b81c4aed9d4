"""Sessions tracked per user: an admin sees a person's sessions and signs them out everywhere.

A row per signed-in session (its key, when it began and was last seen, the browser and address),
written at sign-in and removed at sign-out. Ending a person's sessions deletes them from the
session store, whatever the engine, so each of their browsers is signed out at its next request.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from .models import UserSession


def _store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


@receiver(user_logged_in)
def track(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    if not session.session_key:
        session.save()
    if not session.session_key:  # a cookie-only engine: nothing to track
        return
    meta = getattr(request, "META", {}) or {}
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "user_agent": str(meta.get("HTTP_USER_AGENT", ""))[:300],
                  "ip_address": meta.get("REMOTE_ADDR") or None},
    )


@receiver(user_logged_out)
def forget(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def seen(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def live_sessions(user) -> list[UserSession]:
    """The person's sessions that still exist (rows of sessions that expired are dropped)."""
    store = _store_class()()
    rows = list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))
    gone = [r.pk for r in rows if not store.exists(r.session_key)]
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    return [r for r in rows if r.pk not in gone]


def end_all(user) -> int:
    """Sign the person out everywhere: every tracked session of theirs is deleted from the store."""
    store_class = _store_class()
    rows = list(UserSession.objects.filter(user=user))
    for row in rows:
        store_class(row.session_key).delete(row.session_key)
    UserSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)
