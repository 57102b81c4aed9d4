"""Plumbing for the local mirror of Zoom objects: a base model and a bulk upsert.

Pages read the mirror, never Zoom. A sync writes each page it fetched with one
upsert keyed on (account, Zoom id) and stamps ``synced_at`` with the sync's start;
when the sync has seen everything, rows it did not stamp were deleted at Zoom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


@dataclass
class SlicePage:
    """A page of a mirror list without a COUNT: one row more than shown tells whether a
    next page exists. On a large mirror the COUNT costs more than the page; lists load
    "N match" separately (an htmx request) when they show it."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


MAX_PAGE = 100_000


def page_of(rows, raw_number: str | int | None, size: int) -> SlicePage:
    """Page ``raw_number`` (1 when missing or not a number) of ``rows``, in one query."""
    try:
        number = min(max(int(raw_number or 1), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * size
    found = list(rows[start:start + size + 1])
    return SlicePage(found[:size], number, len(found) > size)
