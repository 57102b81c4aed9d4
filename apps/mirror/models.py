"""The mirrored-model base and the bulk upsert every sync writes with.

Pages read the mirror, never Zoom. A sync writes each page it fetched with one upsert
keyed on (account, Zoom id) and stamps ``synced_at``; when the sync has seen everything,
rows it did not stamp were deleted at Zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models


class MirroredModel(models.Model):
    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="+")
    synced_at = models.DateTimeField(db_index=True)

    class Meta:
        abstract = True


def upsert(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    unique_fields: Sequence[str],
    batch_size: int = 500,
) -> int:
    """Insert or update ``rows`` (dicts of field values) in bulk; returns how many."""
    rows = list(rows)
    if not rows:
        return 0
    objs = [model(**row) for row in rows]
    # Only the columns the rows carry are refreshed: a list entry does not wipe what a
    # detail fetch added (settings, occurrences).
    update_fields = [name for name in rows[0] if name not in unique_fields]
    model.objects.bulk_create(
        objs,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=list(unique_fields),
        update_fields=update_fields,
    )
    return len(objs)


def parse_time(value: Any) -> dt.datetime | None:
    """Zoom's "2026-11-23T10:00:00Z" (or empty) as an aware datetime."""
    if not value or not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
