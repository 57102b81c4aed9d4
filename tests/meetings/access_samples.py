"""Sample route parameters of the meetings pages, for the access matrix."""

from __future__ import annotations

from django.utils import timezone

from apps.meetings.models import Meeting


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    meeting = Meeting.objects.create(account=account, zoom_id=81234567890, topic="Sample", type=2,
                                     synced_at=timezone.now())
    return {("meetings", "zoom_id"): (meeting.zoom_id, True)}
