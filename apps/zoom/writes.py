"""The one path for a write to Zoom made through the dashboard: send it, record the
outcome in the audit log, and turn a refusal into words on the form field it belongs to.

Every domain app's writes go through :func:`audited_write`; a failure is raised as a
:class:`ZoomWriteError`, which a view shows with :func:`show_error`. Nothing is written
locally when Zoom says no (the caller updates the mirror only after this returns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from apps.accounts import audit
from apps.accounts.models import AuditEvent, ZoomAccount

from .errors import ReconnectNeeded, ZoomError, ZoomOutcomeUnknown, ZoomRefused, ZoomTemporaryError

# "Invalid field: settings.registrants_restrict_number." and the like.
FIELD_RE = re.compile(r"Invalid (?:field|parameter): `?([\w.\[\]]+?)`?(?:\.(?:\s|$)|\s|$)")


class ZoomWriteError(Exception):
    """Zoom (or the way to it) said no: Zoom's status, code and message, in words for the
    admin, and the form field they belong to (None: the form as a whole)."""

    def __init__(self, message: str, *, field: str | None = None, status: int | None = None,
                 code: int | str | None = None, check_url: str = "") -> None:
        super().__init__(message)
        self.message, self.field, self.status, self.code = message, field, status, code
        # Where the admin can see whether a write whose answer was lost was made (a filtered list).
        self.check_url = check_url


@dataclass(frozen=True, kw_only=True)
class Fields:
    """Where Zoom's refusals go on a form: by Zoom's error code, by the field Zoom names
    ("Invalid field: password"), by words in Zoom's message, else ``default``."""

    codes: Mapping[int | str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)  # Zoom's field name -> form field
    words: Sequence[tuple[str, str]] = ()  # (word in Zoom's message, form field), first match wins
    default: str | None = None

    def field_for(self, exc: ZoomError) -> str | None:
        message = exc.message or ""
        match = FIELD_RE.search(message)
        if match:
            name = re.sub(r"\[\d+\]", "", match.group(1).rstrip("."))
            for candidate in (name, ".".join(name.split(".")[:2]), name.split(".")[0], name.split(".")[-1]):
                if candidate in self.names:
                    return self.names[candidate]
        if exc.code is not None and exc.code in self.codes:
            return self.codes[exc.code]
        lowered = message.lower()
        return next((f for word, f in self.words if word in lowered), self.default)


NO_FIELDS = Fields()


@dataclass(frozen=True, kw_only=True)
class Check:
    """How to find out whether a write whose answer was lost was made: words ("the host's
    meetings for “Standup”") and, when there is one, a page that shows it."""

    words: str
    url: str = ""


# Audit actions' last word -> how an unknown outcome is said ("may or may not have been created").
_DONE = {"created": "created", "updated": "updated", "deleted": "deleted", "added": "added", "removed": "removed",
         "activated": "activated", "deactivated": "deactivated", "disassociated": "disassociated"}
_NOUNS = {"zoom_user": "user"}


def outcome_unknown(exc: ZoomOutcomeUnknown, *, action: str = "", target: Target | None = None,
                    check: Check | None = None) -> ZoomWriteError:
    """Zoom may have made the change before its answer was lost: say so, and how to find out."""
    noun = _NOUNS.get(target.type, target.type.replace("_", " ")) if target else ""
    done = _DONE.get(action.rpartition(".")[2])
    what = (f"The {noun} may or may not have been {done}" if noun and done
            else "The change may or may not have been made")
    if exc.repeatable:
        advice = "trying again is safe (it sets the same state)"
    elif check is not None:
        advice = f"check {check.words} before trying again, or it may be made twice"
    else:
        advice = "check on Zoom before trying again, or it may be made twice"
    return ZoomWriteError(f"Zoom did not answer in time ({exc.message}). {what}: {advice}.",
                          status=exc.status, code=exc.code, check_url=check.url if check else "")


def write_error(exc: ZoomError, fields: Fields = NO_FIELDS, *, action: str = "", target: Target | None = None,
                check: Check | None = None) -> ZoomWriteError:
    """Any Zoom error in words for the form; only a refusal belongs to one field. A write whose
    answer was lost says it may have been made (``action``, ``target`` and ``check`` word it)."""
    if isinstance(exc, ReconnectNeeded):
        return ZoomWriteError(f"Zoom is not connected: an admin must reconnect it on Settings. ({exc.message})",
                              status=exc.status, code=exc.code)
    if isinstance(exc, ZoomOutcomeUnknown):
        return outcome_unknown(exc, action=action, target=target, check=check)
    if isinstance(exc, ZoomTemporaryError):
        return ZoomWriteError(f"Zoom did not answer in time ({exc.message}). Nothing was changed here; try again.",
                              status=exc.status, code=exc.code)
    target = fields.field_for(exc) if isinstance(exc, ZoomRefused) else None
    return ZoomWriteError(f"Zoom refused: {exc.message}", field=target, status=exc.status, code=exc.code)


@dataclass(frozen=True, kw_only=True)
class Target:
    """What a write is about, as the audit log keeps it."""

    type: str  # "meeting", "zoom_user", "panelist", ...
    id: Any = ""
    label: str = ""


def record(action: str, account: ZoomAccount, actor, target: Target, *, error: ZoomWriteError | None = None,
           detail: dict[str, Any] | None = None, actor_label: str | None = None) -> None:
    """One audit row for a write's outcome (Zoom's status and code when it failed).

    Writes that reach Zoom in batches (registrant decisions, imports) record one row per
    object with this; single writes go through :func:`audited_write`. ``actor_label`` names
    a non-person actor (an auto-approval rule)."""
    audit.record(
        action=action, account=account, actor=actor, actor_label=actor_label, target_type=target.type,
        target_id=str(target.id or ""),
        target_label=target.label,
        result=AuditEvent.Result.FAILED if error else AuditEvent.Result.OK,
        zoom_status=error.status if error and isinstance(error.status, int) else None,
        zoom_code=error.code if error and isinstance(error.code, int) else None,
        message=error.message if error else "", detail=detail or {},
    )


def audited_write[T](action: str, account: ZoomAccount, actor, target: Target, send: Callable[[], T], *,
                  fields: Fields = NO_FIELDS, detail: dict[str, Any] | None = None,
                  explain: Callable[[ZoomError], ZoomWriteError | None] | None = None,
                  check: Check | None = None) -> T:
    """Run ``send()`` (the Zoom call or calls) and audit the outcome.

    A Zoom error is turned into a :class:`ZoomWriteError` (``explain`` may say it better
    first: a licence cap, a daily limit), recorded, and raised. ``check`` says where to
    look when Zoom's answer was lost after the write may have been made."""
    try:
        answer = send()
    except ZoomError as exc:
        error = (explain(exc) if explain else None) or write_error(exc, fields, action=action, target=target,
                                                                    check=check)
        record(action, account, actor, target, error=error, detail=detail)
        raise error from exc
    record(action, account, actor, target, detail=detail)
    return answer


def show_error(form: Any, error: ZoomWriteError) -> None:
    """Zoom's words on the field they belong to, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
