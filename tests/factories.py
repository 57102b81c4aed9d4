"""Small factories for the rows a test needs: real rows written through the models, each with
unique defaults that any keyword overrides. Nothing here talks to Zoom; use them for what the
mirror holds, and ``connected_northwind`` when a test needs Zoom itself."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from apps.accounts.models import ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection
from apps.meetings.models import Meeting
from apps.registrants.models import Registrant
from apps.users.models import ZoomGroup, ZoomUser
from apps.webinars.models import Panelist, Webinar

_numbers = itertools.count(1)


def _next() -> int:
    return next(_numbers)


def zoom_user(account: ZoomAccount, **fields: Any) -> ZoomUser:
    """An active, licensed member of the account, as the users sync would mirror them."""
    n = _next()
    values: dict[str, Any] = {
        "zoom_id": f"zu-{n:06d}", "email": f"user.{n}@northwind.example", "first_name": "User",
        "last_name": f"Number {n}", "type": ZoomUser.Type.LICENSED, "role_id": "2", "role_name": "Member",
        "status": ZoomUser.Status.ACTIVE, "timezone": "UTC", "verified": True, "synced_at": timezone.now(),
    }
    return ZoomUser.objects.create(account=account, **{**values, **fields})


def zoom_group(account: ZoomAccount, **fields: Any) -> ZoomGroup:
    n = _next()
    values: dict[str, Any] = {"zoom_id": f"zg-{n:06d}", "name": f"Team {n}", "synced_at": timezone.now()}
    return ZoomGroup.objects.create(account=account, **{**values, **fields})


def _event_values(kind: str, host: ZoomUser | None, fields: dict[str, Any]) -> dict[str, Any]:
    n = _next()
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    duration = fields.get("duration", 60)
    values: dict[str, Any] = {
        "zoom_id": (90_000_000_000 if kind == "webinar" else 80_000_000_000) + n,
        "topic": f"{kind.title()} {n}", "type": 5 if kind == "webinar" else 2, "status": "waiting",
        "start_time": start, "duration": duration, "timezone": "UTC", "settings": {}, "detailed": True,
        "ends_at": start + dt.timedelta(minutes=duration), "synced_at": timezone.now(),
    }
    if host is not None:
        values.update(host_zoom_id=host.zoom_id, host_email=host.email)
    return {**values, **fields}


def meeting(account: ZoomAccount, host: ZoomUser | None = None, **fields: Any) -> Meeting:
    """A scheduled (type 2) meeting a week from now, detailed, with no registration unless
    ``settings`` says so (``{"approval_type": 1}``: manual approval)."""
    return Meeting.objects.create(account=account, **_event_values("meeting", host, fields))


def webinar(account: ZoomAccount, host: ZoomUser | None = None, **fields: Any) -> Webinar:
    """A scheduled (type 5) webinar a week from now, detailed."""
    return Webinar.objects.create(account=account, **_event_values("webinar", host, fields))


def panelist(webinar: Webinar, **fields: Any) -> Panelist:
    n = _next()
    values: dict[str, Any] = {"zoom_id": f"pa-{n:06d}", "name": f"Panelist {n}",
                              "email": f"panelist.{n}@example.com", "synced_at": timezone.now()}
    return Panelist.objects.create(webinar=webinar, **{**values, **fields})


def registrant(event: Meeting | Webinar, **fields: Any) -> Registrant:
    """A pending registrant of the meeting or webinar."""
    n = _next()
    values: dict[str, Any] = {
        "zoom_id": f"re-{n:06d}", "email": f"guest.{n}@example.com", "first_name": "Guest",
        "last_name": f"Number {n}", "status": Registrant.Status.PENDING, "registered_at": timezone.now(),
        "synced_at": timezone.now(),
    }
    which = {"webinar": event} if isinstance(event, Webinar) else {"meeting": event}
    return Registrant.objects.create(account=event.account, **which, **{**values, **fields})


def connection(account: ZoomAccount, **fields: Any) -> ZoomOAuthConnection:
    """A connected admin-managed OAuth connection with a fresh access token: ``client_for(account)``
    hands out a client without any token call. Its tokens are nobody's: pair it with a patched Zoom
    client (``zoom_seam``, or the test's own ``mock.patch``)."""
    n = _next()
    app = ZoomOAuthApp.objects.create(kind=ZoomOAuthApp.Kind.OAUTH, client_id=f"test-app-{n}",
                                      client_secret="test-app-secret")
    values: dict[str, Any] = {
        "user_id": f"zu-admin-{n}", "access_token": f"test-access-{n}", "refresh_token": f"test-refresh-{n}",
        "access_token_expires_at": timezone.now() + dt.timedelta(hours=1), "token_refreshed_at": timezone.now(),
    }
    return ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account, **{**values, **fields})
