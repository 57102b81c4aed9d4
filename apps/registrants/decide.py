"""Deciding registrants at Zoom: approve, deny, cancel, in batches of 30 per event.

Zoom answers the status call with 204 whatever it did (a singular key, unknown ids
and wrong statuses are silently ignored), so after an event's batches the event's
list of the target status is re-read and only what Zoom shows there counts as decided.
The mirror is updated from that list. Every registrant gets one audit entry.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.jobs.services import Progress, handler
from apps.zoom.connections import client_for
from apps.zoom.endpoints import registrants as zoom_registrants
from apps.zoom.errors import ZoomError
from apps.zoom.writes import Target, ZoomWriteError, record

from .listing import forget_pending_count
from .models import Registrant
from .sync import refresh_registrants, write_registrants

logger = logging.getLogger(__name__)

TARGET = {"approve": "approved", "deny": "denied", "cancel": "denied"}  # Zoom shows a cancel as denied
ACTION_LABELS = {"approve": "Approve", "deny": "Deny", "cancel": "Cancel registration"}
BATCH = zoom_registrants.STATUS_BATCH_MAX
INLINE_MAX = 30  # up to this many are decided in the request; more run as a job
NOT_APPLIED = "Zoom did not apply the decision"

Group = tuple[str, Any, list[Registrant]]  # (kind, event, registrants)


def group_by_event(registrants: Iterable[Registrant]) -> list[Group]:
    """Registrants per event, in a stable order (so a resumed job sees the same batches)."""
    groups: dict[tuple[str, int], Group] = {}
    for r in registrants:
        kind = "meeting" if r.meeting_id else "webinar"
        event = r.meeting if r.meeting_id else r.webinar
        groups.setdefault((kind, event.zoom_id), (kind, event, []))[2].append(r)
    ordered = [groups[key] for key in sorted(groups)]
    for _, _, members in ordered:
        members.sort(key=lambda r: r.pk)
    return ordered


def batches(members: Sequence[Registrant]) -> list[Sequence[Registrant]]:
    return [members[i:i + BATCH] for i in range(0, len(members), BATCH)]


def status_calls_needed(groups: list[Group]) -> int:
    return sum(math.ceil(len(m) / BATCH) for _, _, m in groups)


def _error(exc: ZoomError) -> dict[str, Any]:
    code = exc.code if isinstance(exc.code, int) else None
    return {"message": exc.message or str(exc), "zoom_status": exc.status, "zoom_code": code}


def _send(client, kind: str, zoom_id: int, action: str, batch: Sequence[Registrant]) -> None:
    zoom_registrants.set_registrant_status(client, kind, zoom_id, action=action,
                                           registrants=[{"id": r.zoom_id, "email": r.email} for r in batch])


def _reread(client, kind: str, event, status: str) -> set[str]:
    """The event's registrants of ``status`` at Zoom, written to the mirror; returns their ids."""
    listing = zoom_registrants.listing(kind)
    items = list(client.paginate(listing.path, listing.key, params={"status": status},
                                 **listing.path_params(event.zoom_id)))
    write_registrants(kind, event, items, timezone.now(), status)
    return {str(i.get("id")) for i in items}


class Decision:
    """One decision over many registrants; resumable from a job's checkpoint."""

    def __init__(self, account, action: str, *, actor=None, actor_label: str | None = None,
                 progress: Progress | None = None):
        if action not in TARGET:
            raise ValueError(f"unknown action {action!r}")
        self.account, self.action, self.actor, self.actor_label = account, action, actor, actor_label
        self.progress = progress
        state = dict(progress.checkpoint) if progress else {}
        self.event_index: int = state.get("event", 0)
        self.batch_index: int = state.get("batch", 0)
        self.refused: dict[str, dict] = state.get("refused", {})  # this event's refused batches, by registrant pk
        self.failed: list[dict] = state.get("failed", [])
        self.decided: int = state.get("decided", 0)
        self.done: int = state.get("done", 0)

    def _save(self, total: int) -> None:
        if self.progress is None:
            return
        self.progress.save(done=self.done, total=total, checkpoint={
            "event": self.event_index, "batch": self.batch_index, "refused": self.refused,
            "failed": self.failed, "decided": self.decided, "done": self.done})

    def run(self, ids: Sequence[int]) -> dict[str, Any]:
        registrants = Registrant.objects.filter(account=self.account, pk__in=list(ids)).select_related(
            "meeting", "webinar")
        groups = group_by_event(registrants)
        total = sum(len(m) for _, _, m in groups)
        client = client_for(self.account) if groups else None
        self._save(total)
        for index, (kind, event, members) in enumerate(groups):
            if index < self.event_index:
                continue
            todo = batches(members)
            for b in range(self.batch_index, len(todo)):
                try:
                    _send(client, kind, event.zoom_id, self.action, todo[b])
                except ZoomError as exc:
                    logger.warning("registrant status batch refused: %s", exc)
                    self.refused.update({str(r.pk): _error(exc) for r in todo[b]})
                self.done += len(todo[b])
                self.batch_index = b + 1
                self._save(total)
            self._confirm(client, kind, event, members)
            self.event_index, self.batch_index, self.refused = index + 1, 0, {}
            self._save(total)
        forget_pending_count(self.account)
        return {"action": self.action, "total": total, "decided": self.decided,
                "failed_count": len(self.failed), "failed": self.failed}

    def _confirm(self, client, kind: str, event, members: list[Registrant]) -> None:
        target = TARGET[self.action]
        try:
            shown = _reread(client, kind, event, target)
            reread_error = None
        except ZoomError as exc:
            shown, reread_error = set(), _error(exc)
            reread_error["message"] = f"Could not confirm with Zoom: {reread_error['message']}"
            refresh_registrants(self.account, kind, event.zoom_id)
        with transaction.atomic():
            for r in members:
                ok = r.zoom_id in shown
                error = None if ok else (self.refused.get(str(r.pk)) or reread_error or
                                         {"message": NOT_APPLIED, "zoom_status": None, "zoom_code": None})
                if ok:
                    self.decided += 1
                else:
                    self.failed.append({"id": r.pk, "email": r.email, "name": f"{r.first_name} {r.last_name}".strip(),
                                        "event": event.topic, **error})
                self._audit(kind, event, r, error)

    def _audit(self, kind: str, event, r: Registrant, error: dict | None) -> None:
        failure = ZoomWriteError(error["message"], status=error.get("zoom_status"), code=error.get("zoom_code")) \
            if error else None
        record(f"registrant.{self.action}", self.account, self.actor,
               Target(type="registrant", id=r.zoom_id, label=f"{r.email} · {event.topic}"), error=failure,
               actor_label=self.actor_label,
               detail={"event": f"{kind}:{event.zoom_id}", "job": self.progress.job.pk if self.progress else None})


def decide(account, ids: Sequence[int], action: str, *, actor=None, actor_label: str | None = None) -> dict[str, Any]:
    """Decide in this process (no job row): for rules and small decisions."""
    return Decision(account, action, actor=actor, actor_label=actor_label).run(ids)


@handler("registrants.decide")
def decide_job(progress: Progress) -> dict[str, Any]:
    params = progress.params
    return Decision(progress.job.account, params["action"], actor=progress.job.created_by,
                    actor_label=params.get("actor_label"), progress=progress).run(params["ids"])


def start_decision(account, ids: Sequence[int], action: str, user=None, *, actor_label: str | None = None) -> Job:
    """A decision as a job row: run here when small, by a worker when large."""
    if action not in TARGET:
        raise ValueError(f"unknown action {action!r}")
    params = {"action": action, "ids": list(ids), "actor_label": actor_label}
    key = uuid.uuid4().hex  # decisions may run side by side
    if len(ids) > INLINE_MAX:
        job, _ = jobs.enqueue("registrants.decide", account, key=key, params=params, user=user)
        return job
    job = Job.objects.create(account=account, kind="registrants.decide", key=key, params=params, created_by=user)
    jobs.run(job.pk)
    job.refresh_from_db()
    return job


def decision_jobs(account):
    return Job.objects.filter(account=account, kind="registrants.decide")
