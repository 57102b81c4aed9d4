"""Dashboards (/metrics, Zoom's Accounts API): Resource-intensive and Business plan or higher,
so callers cache the answers on the server (DESIGN.md, "Zoom facts").

The Accounts API's spec is not vendored: labels follow Zoom's documentation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import RESOURCE_INTENSIVE, Area, Operation

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient

AREA = Area("metrics", spec=None, source="Zoom Accounts API, Dashboards (developers.zoom.us/docs/api/accounts/)",
            operations=(
                Operation("GET", "/metrics/meetings", RESOURCE_INTENSIVE, 300, True),
            ))


def live_meeting_metrics(client: ZoomClient, *, start: str, end: str, page_size: int = 300) -> dict[str, Any]:
    """The first page of meetings in progress (``start``/``end``: yyyy-mm-dd), with ``total_records``.
    A plan without dashboards is refused with Zoom code 200."""
    return client.call("GET", "/metrics/meetings",
                       params={"type": "live", "from": start, "to": end, "page_size": page_size})
