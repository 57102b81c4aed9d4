"""Sample route parameters of the webinars pages, for the access matrix."""

from __future__ import annotations

from tests import factories


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    webinar = factories.webinar(account)
    panelist = factories.panelist(webinar)
    return {("webinars", "zoom_id"): (webinar.zoom_id, True), ("webinars", "panelist_id"): (panelist.zoom_id, True)}
