"""Mirror webinars with the meetings' code, plus their panelists."""

from __future__ import annotations

from django.utils import timezone

from apps.jobs.services import Progress, handler
from apps.meetings.sync import EventKind, sync_events
from apps.zoom.connections import client_for
from apps.mirror.models import upsert

from .models import Panelist, Webinar, WebinarOccurrence

WEBINARS = EventKind(
    "webinar", Webinar, WebinarOccurrence, "/users/{userId}/webinars", "webinars", "/webinars/{webinarId}",
    "webinarId", {},
)


def sync_panelists(webinar: Webinar, client) -> int:
    data = client.call("GET", "/webinars/{webinarId}/panelists", webinarId=webinar.zoom_id) or {}
    now = timezone.now()
    rows = [
        {"webinar": webinar, "zoom_id": str(p["id"]), "name": str(p.get("name") or "")[:200],
         "email": str(p.get("email") or "")[:254], "synced_at": now}
        for p in data.get("panelists") or []
        if isinstance(p, dict) and p.get("id")
    ]
    upsert(Panelist, rows, unique_fields=["webinar", "zoom_id"])
    Panelist.objects.filter(webinar=webinar, synced_at__lt=now).delete()
    return len(rows)


@handler("sync.webinars")
def sync_webinars(progress: Progress) -> dict[str, int]:
    result = sync_events(WEBINARS, progress)
    account = progress.job.account
    client = client_for(account)
    done = set(progress.checkpoint.get("panelists_done", []))
    for webinar in Webinar.objects.filter(account=account).exclude(zoom_id__in=done):
        sync_panelists(webinar, client)
        done.add(webinar.zoom_id)
        progress.save(checkpoint={**progress.checkpoint, "panelists_done": sorted(done)})
    return result


def refresh_webinar(account, zoom_id: int, client=None):
    from apps.meetings.sync import refresh_event

    return refresh_event(WEBINARS, account, zoom_id, client)
