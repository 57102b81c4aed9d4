"""Adding registrants at Zoom (one by hand, or many from a CSV), and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from django.http import StreamingHttpResponse

from apps.lib.exports import Column, csv_response
from apps.meetings.models import Meeting
from apps.webinars.models import Webinar
from apps.zoom.connections import client_for
from apps.zoom.endpoints import registrants as zoom_registrants
from apps.zoom.errors import ZoomError
from apps.zoom.writes import Target, ZoomWriteError, record

from .listing import EventRef
from .models import Registrant
from .sync import refresh_registrants

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLUMNS = ("email", "first_name", "last_name")
BATCH = zoom_registrants.BATCH_ADD_MAX
MAX_ROWS = 4999  # Zoom's registrant cap per event
SCHEDULED = {"meeting": 2, "webinar": 5}  # batch_registrants takes only these event types


@dataclass
class Row:
    line: int
    email: str
    first_name: str
    last_name: str
    errors: list[str] = field(default_factory=list)
    result: str = ""
    ok: bool | None = None

    @property
    def valid(self) -> bool:
        return not self.errors


def find_event(account, ref: EventRef):
    model = Meeting if ref.kind == "meeting" else Webinar
    return model.objects.filter(account=account, zoom_id=ref.zoom_id).first()


def validate(email: str, first_name: str, last_name: str) -> list[str]:
    errors = []
    if not EMAIL.match(email) or len(email) > 128:
        errors.append("Enter a valid email address.")
    if not first_name:
        errors.append("First name is required.")
    elif len(first_name) > 64:
        errors.append("First name is longer than 64 characters.")
    if len(last_name) > 64:
        errors.append("Last name is longer than 64 characters.")
    return errors


def parse_csv(text: str) -> tuple[list[Row], str]:
    """Rows with their validation result, or an error about the file as a whole."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "email" not in header or "first_name" not in header:
        return [], "The file needs a header row with the columns email, first_name, last_name."
    reader.fieldnames = header
    rows: list[Row] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        values = {c: str(raw.get(c) or "").strip() for c in COLUMNS}
        row = Row(line=line, email=values["email"].lower(), first_name=values["first_name"],
                  last_name=values["last_name"])
        row.errors = validate(row.email, row.first_name, row.last_name)
        if row.valid and row.email in seen:
            row.errors.append("This email appears earlier in the file.")
        seen.add(row.email)
        rows.append(row)
        if len(rows) > MAX_ROWS:
            return [], f"The file has more than {MAX_ROWS} rows."
    if not rows:
        return [], "The file has no rows."
    return rows, ""


def rows_to_data(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


def rows_from_data(data: list[dict[str, Any]]) -> list[Row]:
    rows = [Row(line=int(d["line"]), email=str(d["email"]), first_name=str(d["first_name"]),
                last_name=str(d["last_name"])) for d in data]
    for r in rows:  # re-validated: what comes back from the browser is not trusted
        r.errors = validate(r.email, r.first_name, r.last_name)
    return rows


def _record(account, actor, event, row: Row, error: ZoomError | None) -> None:
    failure = ZoomWriteError(error.message, status=error.status, code=error.code) if error else None
    record("registrant.add", account, actor,
           Target(type="registrant", id=row.result if error is None else "", label=f"{row.email} · {event.topic}"),
           error=failure)


def add_one(account, ref: EventRef, row: Row, *, actor=None) -> Row:
    """Register one person (the hand-filled form)."""
    event = find_event(account, ref)
    try:
        answer = zoom_registrants.add_registrant(client_for(account), ref.kind, ref.zoom_id, email=row.email,
                                                 first_name=row.first_name, last_name=row.last_name)
        row.ok, row.result = True, str((answer or {}).get("registrant_id") or "")
        _record(account, actor, event, row, None)
    except ZoomError as exc:
        row.ok, row.result = False, exc.message
        _record(account, actor, event, row, exc)
    refresh_registrants(account, ref.kind, ref.zoom_id)
    return row


def import_rows(account, ref: EventRef, rows: list[Row], *, auto_approve: bool, actor=None) -> list[Row]:
    """Send the valid rows to Zoom, 30 per call, and mark each with Zoom's answer."""
    event = find_event(account, ref)
    client = client_for(account)
    valid = [r for r in rows if r.valid]
    if event.type != SCHEDULED[ref.kind]:
        for row in valid:  # Zoom's batch endpoint refuses recurring events: one call each
            add_one(account, ref, row, actor=actor)
        return rows
    for start in range(0, len(valid), BATCH):
        batch = valid[start:start + BATCH]
        registrants = [{"email": r.email, "first_name": r.first_name, "last_name": r.last_name} for r in batch]
        try:
            answer = zoom_registrants.batch_registrants(client, ref.kind, ref.zoom_id, registrants=registrants,
                                                        auto_approve=auto_approve)
        except ZoomError as exc:
            for row in batch:
                row.ok, row.result = False, exc.message
                _record(account, actor, event, row, exc)
            continue
        by_email = {str(a.get("email", "")).lower(): a for a in (answer or {}).get("registrants") or []}
        for row in batch:
            got = by_email.get(row.email)
            row.ok = got is not None
            row.result = str(got.get("registrant_id")) if got else "Zoom did not return this registrant"
            _record(account, actor, event, row, None if got else ZoomError(row.result))
    refresh_registrants(account, ref.kind, ref.zoom_id)
    return rows


def _answers(r: Registrant) -> str:
    return "; ".join(f"{q.get('title')}: {q.get('value')}" for q in r.custom_questions if isinstance(q, dict))


EXPORT_COLUMNS = [
    Column("email", lambda r: r.email),
    Column("first_name", lambda r: r.first_name),
    Column("last_name", lambda r: r.last_name),
    Column("status", lambda r: r.status),
    Column("registered_at", lambda r: r.registered_at.isoformat() if r.registered_at else "", exact=True),
    Column("org", lambda r: r.org),
    Column("job_title", lambda r: r.job_title),
    Column("custom_answers", _answers),
]


def export(account, ref: EventRef) -> StreamingHttpResponse:
    """The event's registrants (every status) as CSV, streamed."""
    qs = (Registrant.objects.filter(account=account, **{f"{ref.kind}__zoom_id": ref.zoom_id})
          .order_by("registered_at", "id"))
    return csv_response(f"registrants-{ref.kind}-{ref.zoom_id}.csv", EXPORT_COLUMNS, qs.iterator(chunk_size=2000))
