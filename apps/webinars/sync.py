"""Mirror webinars with the events' sync (apps.events.sync), plus their panelists."""

from __future__ import annotations

from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.events.sync import refresh_event, sync_events
from apps.jobs.services import Progress, handler
from apps.mirror.models import upsert
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import panelists as zoom_panelists

from .models import Panelist, Webinar
from .types import WEBINAR


def sync_panelists(webinar: Webinar, client: ZoomClient) -> int:
    panelists = zoom_panelists.list_panelists(client, webinar.zoom_id)
    now = timezone.now()
    rows = [
        {"webinar": webinar, "zoom_id": str(p["id"]), "name": str(p.get("name") or "")[:200],
         "email": str(p.get("email") or "")[:254], "synced_at": now}
        for p in panelists
        if isinstance(p, dict) and p.get("id")
    ]
    upsert(Panelist, rows, unique_fields=["webinar", "zoom_id"])
    Panelist.objects.filter(webinar=webinar, synced_at__lt=now).delete()
    return len(rows)


@handler(WEBINAR.sync_job)
def sync_webinars(progress: Progress) -> dict[str, int]:
    result = sync_events(WEBINAR, progress)
    account = progress.job.account
    client = client_for(account)
    done = set(progress.checkpoint.get("panelists_done", []))
    for webinar in Webinar.objects.filter(account=account).exclude(zoom_id__in=done):
        sync_panelists(webinar, client)
        done.add(webinar.zoom_id)
        progress.save(checkpoint={**progress.checkpoint, "panelists_done": sorted(done)})
    return result


def refresh_webinar(account: ZoomAccount, zoom_id: int, client: ZoomClient | None = None) -> Webinar | None:
    """Re-read one webinar (a webhook said it changed)."""
    return refresh_event(WEBINAR, account, zoom_id, client)
