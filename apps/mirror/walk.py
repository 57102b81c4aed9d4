"""What every sync job shares: walk a Zoom list page by page, upsert each page into
the mirror, checkpoint after each page, and sweep what Zoom no longer has.

The checkpoint holds the sync's start time, which part of the walk it is in, and the
next page token with the time it was issued: a resumed job continues from that token
while Zoom still honours it (15 minutes) and otherwise restarts that part; upserts
make a repeated page harmless, and the sweep keys on the start time, so a resumed sync
ends with exactly the mirror an uninterrupted one would have made.

Rows are stamped with the time they are written, not the sync's start, so a row's
``synced_at`` only grows: when two syncs overlap, neither sweeps a row the other has
just written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from apps.jobs.services import Progress
from apps.zoom.client import ZoomClient

PAGE_TOKEN_LIFETIME = dt.timedelta(minutes=14)  # Zoom's is 15; keep a margin


def started_at(progress: Progress) -> dt.datetime:
    """The sync's start, kept in the checkpoint so that a resumed run sweeps the same way."""
    if "started" not in progress.checkpoint:
        progress.save(checkpoint={**progress.checkpoint, "started": timezone.now().isoformat()})
    return dt.datetime.fromisoformat(progress.checkpoint["started"])


def walk(
    progress: Progress,
    client: ZoomClient,
    part: str,
    path: str,
    key: str,
    write_page: Callable[[list[dict[str, Any]]], int],
    *,
    params: dict[str, Any] | None = None,
    **path_params: Any,
) -> None:
    """Walk one list ("part" of the sync), resuming from the checkpoint if it stopped there."""
    checkpoint = progress.checkpoint
    done_parts = checkpoint.get("done_parts", [])
    if part in done_parts:
        return
    token = ""
    if checkpoint.get("part") == part and checkpoint.get("token"):
        issued = dt.datetime.fromisoformat(checkpoint["token_at"])
        if timezone.now() - issued < PAGE_TOKEN_LIFETIME:
            token = checkpoint["token"]
    for items, next_token in client.pages(path, key, params=params, start_token=token, **path_params):
        written = write_page(items)
        state = {**progress.checkpoint, "part": part, "token": next_token, "token_at": timezone.now().isoformat()}
        state["written"] = state.get("written", 0) + written
        progress.save(done=state["written"], checkpoint=state)
    state = {**progress.checkpoint, "part": None, "token": ""}
    state["done_parts"] = [*state.get("done_parts", []), part]
    progress.save(checkpoint=state)
