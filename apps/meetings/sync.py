"""Mirror meetings with the events' sync (apps.events.sync)."""

from __future__ import annotations

from apps.accounts.models import ZoomAccount
from apps.events.sync import refresh_event, sync_events
from apps.jobs.services import Progress, handler
from apps.zoom.client import ZoomClient

from .models import Meeting
from .types import MEETING


@handler(MEETING.sync_job)
def sync_meetings(progress: Progress) -> dict[str, int]:
    return sync_events(MEETING, progress)


def refresh_meeting(account: ZoomAccount, zoom_id: int, client: ZoomClient | None = None) -> Meeting | None:
    """Re-read one meeting (a webhook said it changed)."""
    return refresh_event(MEETING, account, zoom_id, client)
