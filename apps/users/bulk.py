"""Bulk work on users as jobs (activate, deactivate, change type; CSV import), and the
CSV export of the filtered table."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.html import strip_tags

from apps.accounts.models import ZoomAccount
from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.jobs.services import Progress, handler
from apps.lib.exports import Column, csv_response
from apps.zoom.connections import client_for
from apps.zoom.errors import ZoomError
from apps.zoom.writes import ZoomWriteError

from . import listing
from .forms import CREATE_ACTIONS, DEPT_MAX, EMAIL_MAX, NAME_MAX
from .models import ZoomUser
from .services import NewUser, create_user, set_status, update_user, zoom_ref
from .sync import refresh_user

BULK_KIND = "users.bulk"
IMPORT_KIND = "users.import"
MAX_IMPORT_ROWS = 5000
TYPE_WORDS = {"1": 1, "basic": 1, "2": 2, "licensed": 2, "4": 4, "unassigned": 4}


def _actor(progress: Progress):
    return get_user_model().objects.filter(pk=progress.job.created_by_id).first()


def start_bulk(account: ZoomAccount, zoom_ids: list[str], action: str, user_type: int | None, user) -> Job:
    params = {"action": action, "type": user_type, "zoom_ids": zoom_ids}
    # A unique key: two admins' bulk actions never collapse into one job.
    job, _ = jobs.enqueue(BULK_KIND, account, key=uuid.uuid4().hex, params=params, user=user)
    return job


def _run_each(progress: Progress, items: list[Any], one, landed=None) -> dict[str, Any]:
    """Call ``one(item)`` for each item from the checkpoint on; keep a per-item result.

    Each call is a write to Zoom that is not safe to repeat, so the checkpoint is saved after
    every one (the save also checks that this worker still holds the job, before the next
    write). A resumed job starts at the row its last worker may have been sending when it
    died: ``landed(item)`` asks Zoom whether that write took effect (its result, or None to
    send it), so that not even that row is sent twice."""
    checkpoint = progress.checkpoint or {}
    resumed = "next" in checkpoint
    start, results = int(checkpoint.get("next", 0)), list(checkpoint.get("results", []))
    progress.save(done=start, total=len(items), checkpoint={"next": start, "results": results})
    for index in range(start, len(items)):
        found = landed(items[index]) if landed is not None and resumed and index == start else None
        results.append(found or one(items[index]))
        progress.save(done=index + 1, checkpoint={"next": index + 1, "results": results})
    listing.after_write(progress.job.account)
    failed = [r for r in results if not r["ok"]]
    return {"total": len(items), "succeeded": len(results) - len(failed), "failed_count": len(failed),
            "results": results}


@handler(BULK_KIND)
def run_bulk(progress: Progress) -> dict[str, Any]:
    account, params = progress.job.account, progress.params
    actor, client = _actor(progress), client_for(account)
    users = {u.zoom_id: u for u in ZoomUser.objects.filter(account=account, zoom_id__in=params["zoom_ids"])}

    def one(zoom_id: str) -> dict[str, Any]:
        user = users.get(zoom_id)
        if user is None:
            return {"zoom_id": zoom_id, "email": "", "ok": False, "message": "No longer in the account."}
        try:
            if params["action"] == "set_type":
                if user.type == params["type"]:
                    return {"zoom_id": zoom_id, "email": user.email, "ok": True, "message": "Already that type."}
                update_user(account, user.zoom_id, user.email, {"type": params["type"]}, actor, client=client)
            else:
                set_status(account, user, params["action"] == "activate", actor, client=client)
        except ZoomWriteError as exc:
            return {"zoom_id": zoom_id, "email": user.email, "ok": False, "message": exc.message,
                    "zoom_code": exc.code}
        return {"zoom_id": zoom_id, "email": user.email, "ok": True, "message": "Done."}

    def landed(zoom_id: str) -> dict[str, Any] | None:
        user = users.get(zoom_id)
        try:
            now = user and refresh_user(account, zoom_ref(user), client)
        except ZoomError:
            return None
        wanted = ("type", params["type"]) if params["action"] == "set_type" else \
            ("status", ZoomUser.Status.ACTIVE if params["action"] == "activate" else ZoomUser.Status.INACTIVE)
        if now is None or getattr(now, wanted[0]) != wanted[1]:
            return None
        return {"zoom_id": zoom_id, "email": now.email, "ok": True, "message": "Done."}

    return _run_each(progress, params["zoom_ids"], one, landed)


# --- CSV import ------------------------------------------------------------------------------------


def parse_import(account: ZoomAccount, text: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Check every row as the add form would. Returns (valid rows, rows with errors)."""
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    if "email" not in headers:
        return [], [{"line": 1, "email": "", "errors": ["The first line must name the columns, with an email column."]}]
    known = set(ZoomUser.objects.filter(account=account).values_list("email", flat=True))
    seen: set[str] = set()
    valid, bad = [], []
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_IMPORT_ROWS:
            bad.append({"line": line, "email": "", "errors": [f"More than {MAX_IMPORT_ROWS} rows: split the file."]})
            break
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        errors = []
        email = row.get("email", "").lower()
        try:
            forms.EmailField(max_length=EMAIL_MAX).clean(email)
        except forms.ValidationError as exc:
            errors += exc.messages
        if email in known:
            errors.append("Already a user of the account.")
        if email in seen:
            errors.append("Listed twice in the file.")
        seen.add(email)
        for name in ("first_name", "last_name"):
            if len(row.get(name, "")) > NAME_MAX:
                errors.append(f"{name} is longer than {NAME_MAX} characters.")
        if len(row.get("dept", "")) > DEPT_MAX:
            errors.append(f"dept is longer than {DEPT_MAX} characters.")
        user_type = TYPE_WORDS.get((row.get("type") or "basic").lower())
        if user_type is None:
            errors.append("type must be basic or licensed (1 or 2).")
        action = row.get("action") or "create"
        if action not in dict(CREATE_ACTIONS) or action == "autoCreate":
            errors.append("action must be create, custCreate or ssoCreate (passwords are not imported).")
        item = {"line": line, "email": email, "first_name": strip_tags(row.get("first_name", "")),
                "last_name": strip_tags(row.get("last_name", "")), "type": user_type, "dept": row.get("dept", ""),
                "action": action}
        if errors:
            bad.append({**item, "errors": errors})
        else:
            valid.append(item)
    return valid, bad


def start_import(account: ZoomAccount, rows: list[dict[str, Any]], user) -> Job:
    job, _ = jobs.enqueue(IMPORT_KIND, account, key=uuid.uuid4().hex, params={"rows": rows},
                          user=user)
    return job


@handler(IMPORT_KIND)
def run_import(progress: Progress) -> dict[str, Any]:
    account = progress.job.account
    actor, client = _actor(progress), client_for(account)

    def one(row: dict[str, Any]) -> dict[str, Any]:
        new = NewUser(action=row["action"], email=row["email"], type=row["type"], first_name=row["first_name"],
                      last_name=row["last_name"], dept=row["dept"])
        try:
            create_user(account, new, actor, client=client)
        except (ZoomWriteError, ZoomError) as exc:
            return {"email": row["email"], "ok": False, "message": getattr(exc, "message", str(exc)),
                    "zoom_code": getattr(exc, "code", None)}
        return {"email": row["email"], "ok": True, "message": "Added."}

    def landed(row: dict[str, Any]) -> dict[str, Any] | None:
        # The file had no user of the account with this email (parse_import): one at Zoom now
        # is the row the last worker sent.
        try:
            found = refresh_user(account, row["email"], client)
        except ZoomError:
            return None
        return {"email": row["email"], "ok": True, "message": "Added."} if found else None

    return _run_each(progress, progress.params["rows"], one, landed)


# --- CSV export ------------------------------------------------------------------------------------

def export_columns(group_names: dict[str, str]) -> list[Column]:
    """A user a row; groups by name ("; " between them) and by id (spaces between)."""
    types = dict(ZoomUser.Type.choices)

    def ids(u: ZoomUser) -> list[str]:
        return [str(g) for g in u.group_ids or []]

    return [
        Column("email", lambda u: u.email),
        Column("first_name", lambda u: u.first_name),
        Column("last_name", lambda u: u.last_name),
        Column("type", lambda u: types.get(u.type, u.type)),
        Column("role", lambda u: u.role_name),
        Column("status", lambda u: u.status),
        Column("dept", lambda u: u.dept),
        Column("job_title", lambda u: u.job_title),
        Column("groups", lambda u: "; ".join(group_names.get(g, g) for g in ids(u))),
        Column("group_ids", lambda u: " ".join(ids(u)), exact=True),
        Column("timezone", lambda u: u.timezone),
        Column("last_login_time", lambda u: u.last_login_time.isoformat() if u.last_login_time else "", exact=True),
        Column("zoom_id", lambda u: u.zoom_id, exact=True),
    ]


def export(qs: QuerySet[ZoomUser], group_names: dict[str, str]) -> StreamingHttpResponse:
    return csv_response("zoom-users.csv", export_columns(group_names), qs.iterator(chunk_size=2000))


def result_rows(job: Job) -> Iterable[dict[str, Any]]:
    return (job.result or {}).get("results", [])
