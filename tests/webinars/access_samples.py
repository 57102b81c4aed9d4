"""Sample route parameters of the webinars pages, for the access matrix."""

from __future__ import annotations

from django.utils import timezone

from apps.webinars.models import Panelist, Webinar


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    webinar = Webinar.objects.create(account=account, zoom_id=91234567890, topic="Sample", type=5,
                                     synced_at=timezone.now())
    panelist = Panelist.objects.create(webinar=webinar, zoom_id="p-sample", name="Sample", email="p@example.com",
                                       synced_at=timezone.now())
    return {("webinars", "zoom_id"): (webinar.zoom_id, True), ("webinars", "panelist_id"): (panelist.zoom_id, True)}
