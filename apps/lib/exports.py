"""CSV exports, streamed row by row, with the one formula guard.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
formula, so free text that may come from outside (names, topics, Zoom's messages) is
exported with a leading quote. Identifiers, numbers and timestamps are exported exactly:
a Zoom id that starts with "-" must still match Zoom's id after a round trip.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Any) -> str:
    """A free-text cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def exact(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One CSV column: its header, how to read it off a row, and whether it is free text
    (guarded) or an identifier/number/time (``exact``: written as it is)."""

    header: str
    value: Callable[[Any], Any]
    exact: bool = False

    def cell(self, row: Any) -> str:
        value = self.value(row)
        return exact(value) if self.exact else guard(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def lines(columns: Sequence[Column], rows: Iterable[Any]) -> Iterator[str]:
    """The header, then one CSV line per row, as the rows come (constant memory)."""
    writer = csv.writer(_Echo())
    yield writer.writerow([c.header for c in columns])
    for row in rows:
        yield writer.writerow([c.cell(row) for c in columns])


def csv_response(filename: str, columns: Sequence[Column], rows: Iterable[Any]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
