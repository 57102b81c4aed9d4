"""Sample route parameters of the meetings pages, for the access matrix."""

from __future__ import annotations

from tests import factories


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    meeting = factories.meeting(account)
    return {("meetings", "zoom_id"): (meeting.zoom_id, True)}
