"""One walk per endpoint area: ``tests/zoom/walks/<area>.py`` calls every typed function of
``apps/zoom/endpoints/<area>.py`` on a real ZoomClient against the sandbox, checking Zoom's
answers as it goes. tests/zoom/test_endpoints_sandbox.py runs each walk and fails when an area
has no walk, or a function its walk does not reach. A new area adds a file here too.

Each module defines ``walk(client: ZoomClient) -> None``.
"""

from __future__ import annotations

import datetime as dt

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import users


def start_time(days: int = 30) -> str:
    """A start time ``days`` ahead, in GMT as Zoom writes it."""
    when = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=days)
    return when.isoformat().replace("+00:00", "Z")


def me(client: ZoomClient) -> str:
    """The connected admin's user id: the host of the walks' events."""
    return users.get_user(client, "me")["id"]
