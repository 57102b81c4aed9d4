"""Count-free paging for every list: one row more than shown tells whether a next page
exists. On a large mirror the COUNT costs more than the page; lists load "N match"
separately (an htmx request) when they show it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_PAGE = 100_000


@dataclass
class SlicePage:
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


def page_number(raw: str | int | None) -> int:
    """The page asked for: 1 when missing or not a number, never past MAX_PAGE."""
    try:
        return min(max(int(raw or 1), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def page_of(rows, raw_number: str | int | None, size: int) -> SlicePage:
    """Page ``raw_number`` of ``rows`` (a queryset or a list), in one query."""
    number = page_number(raw_number)
    start = (number - 1) * size
    found = list(rows[start:start + size + 1])
    return SlicePage(found[:size], number, len(found) > size)
