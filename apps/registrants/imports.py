"""Adding registrants at Zoom (one by hand, or many from a CSV as a job), and the CSV export."""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import StreamingHttpResponse

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.jobs.services import Progress, handler
from apps.lib.exports import Column, csv_response
from apps.meetings.models import Meeting
from apps.webinars.models import Webinar
from apps.zoom.connections import client_for
from apps.zoom.endpoints import registrants as zoom_registrants
from apps.zoom.errors import ZoomError, ZoomTemporaryError
from apps.zoom.writes import Target, ZoomWriteError, record

from .listing import EventRef
from .models import Registrant
from .sync import refresh_registrants

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLUMNS = ("email", "first_name", "last_name")
BATCH = zoom_registrants.BATCH_ADD_MAX
MAX_ROWS = 4999  # Zoom's registrant cap per event
SCHEDULED = {"meeting": 2, "webinar": 5}  # batch_registrants takes only these event types
NOT_RETURNED = "Zoom did not return this registrant"


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


IMPORT_KIND = "registrants.import"


def start_import(account, ref: EventRef, rows: list[Row], *, auto_approve: bool, user) -> Job:
    """The valid rows, sent to Zoom by a job (up to 4,999 rows: too many calls for a request)."""
    params = {"event": str(ref), "auto_approve": auto_approve, "rows": rows_to_data([r for r in rows if r.valid])}
    # A unique key: two imports (even of the same file) never collapse into one job.
    job, _ = jobs.enqueue(IMPORT_KIND, account, key=uuid.uuid4().hex, params=params, user=user)
    return job


def _outcome(row: Row, ok: bool, message: str, registrant_id: str = "") -> dict[str, Any]:
    return {"line": row.line, "email": row.email, "name": f"{row.first_name} {row.last_name}".strip(), "ok": ok,
            "message": message, "registrant_id": registrant_id}


def _refused(row: Row, exc: ZoomError) -> dict[str, Any]:
    def number(value: Any) -> int | None:
        return value if isinstance(value, int) else None

    return _outcome(row, False, exc.message or str(exc)) | {"zoom_status": number(exc.status),
                                                             "zoom_code": number(exc.code)}


def _send(client, ref: EventRef, unit: list[Row], *, batched: bool, auto_approve: bool) -> list[dict[str, Any]]:
    """One Zoom write: a batch of up to 30 rows (scheduled events), or one row."""
    if not batched:
        row = unit[0]
        try:
            answer = zoom_registrants.add_registrant(client, ref.kind, ref.zoom_id, email=row.email,
                                                     first_name=row.first_name, last_name=row.last_name)
        except ZoomTemporaryError:
            raise  # the job tries again from its checkpoint, asking Zoom first whether this write landed
        except ZoomError as exc:
            return [_refused(row, exc)]
        return [_outcome(row, True, "Registered.", str((answer or {}).get("registrant_id") or ""))]
    try:
        answer = zoom_registrants.batch_registrants(
            client, ref.kind, ref.zoom_id, auto_approve=auto_approve,
            registrants=[{"email": r.email, "first_name": r.first_name, "last_name": r.last_name} for r in unit])
    except ZoomTemporaryError:
        raise  # as above: not a refusal, the outcome may be unknown; the resumed job checks first
    except ZoomError as exc:
        return [_refused(r, exc) for r in unit]
    by_email = {str(a.get("email", "")).lower(): a for a in (answer or {}).get("registrants") or []}
    return [_outcome(r, True, "Registered.", str(by_email[r.email].get("registrant_id") or "")) if r.email in by_email
            else _outcome(r, False, NOT_RETURNED) for r in unit]


def _at_zoom(client, ref: EventRef) -> dict[str, str]:
    """Who is registered for the event at Zoom now (pending or approved): email -> registrant id."""
    listing = zoom_registrants.listing(ref.kind)
    found: dict[str, str] = {}
    for status in ("pending", "approved"):
        for item in client.paginate(listing.path, listing.key, params={"status": status},
                                    **listing.path_params(ref.zoom_id)):
            found[str(item.get("email", "")).lower()] = str(item.get("id") or "")
    return found


def _audit(account, actor, event, outcome: dict[str, Any]) -> None:
    error = None if outcome["ok"] else ZoomWriteError(outcome["message"], status=outcome.get("zoom_status"),
                                                      code=outcome.get("zoom_code"))
    record("registrant.add", account, actor,
           Target(type="registrant", id=outcome["registrant_id"], label=f"{outcome['email']} · {event.topic}"),
           error=error)


@handler(IMPORT_KIND)
def run_import(progress: Progress) -> dict[str, Any]:
    """Send the rows, one Zoom write at a time (a batch of 30, or one row for recurring events,
    which Zoom's batch endpoint refuses), with a checkpoint after each write.

    A write is not safe to repeat blindly, so a resumed job first asks Zoom whether the write its
    last worker was sending when it died landed (the event's pending and approved registrants),
    and sends only the rows that did not. Each write's audit rows are saved in one transaction
    with its checkpoint: one audit row per registrant, even across a kill."""
    account, params = progress.job.account, progress.params
    ref = EventRef.parse(params["event"])
    event = find_event(account, ref) if ref else None
    if event is None:
        raise ValueError("The event is no longer in the local copy: sync it and import again.")
    actor = get_user_model().objects.filter(pk=progress.job.created_by_id).first()
    client = client_for(account)
    rows = rows_from_data(params["rows"])
    batched = event.type == SCHEDULED[ref.kind]
    size = BATCH if batched else 1
    units = [rows[i:i + size] for i in range(0, len(rows), size)]
    checkpoint = progress.checkpoint or {}
    resumed = "next" in checkpoint
    start, results = int(checkpoint.get("next", 0)), list(checkpoint.get("results", []))
    progress.save(done=len(results), total=len(rows), checkpoint={"next": start, "results": results})
    for index in range(start, len(units)):
        unit, outcomes = units[index], []
        if resumed and index == start:  # did the write in flight land?
            there = _at_zoom(client, ref)
            outcomes = [_outcome(r, True, "Registered.", there[r.email]) for r in unit if r.email in there]
            unit = [r for r in unit if r.email not in there]
        if unit:
            outcomes += _send(client, ref, unit, batched=batched, auto_approve=bool(params["auto_approve"]))
        outcomes.sort(key=lambda o: o["line"])
        results += outcomes
        with transaction.atomic():
            for outcome in outcomes:
                _audit(account, actor, event, outcome)
            progress.save(done=len(results), checkpoint={"next": index + 1, "results": results})
    refresh_registrants(account, ref.kind, ref.zoom_id)
    failed = sum(1 for r in results if not r["ok"])
    return {"event": str(ref), "topic": event.topic, "total": len(results), "succeeded": len(results) - failed,
            "failed_count": failed, "results": results}


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
