"""Writes to the account's Zoom users: Zoom first, then the mirror from Zoom's answer,
every attempt audited (DESIGN.md, "Data flow").

Each function takes already-validated input (apps/users/forms.py). A refusal from Zoom
becomes a :class:`~apps.zoom.writes.ZoomWriteError`, which names the form field it belongs
to, so the view shows Zoom's words where the admin typed the value; nothing is written
locally then.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from apps.accounts.models import ZoomAccount
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import roles as zoom_roles
from apps.zoom.endpoints import users as zoom_users
from apps.zoom.errors import ZoomError, ZoomRefused
from apps.zoom.writes import Fields, Target, ZoomWriteError, audited_write, write_error

from . import hosted
from .models import ZoomUser
from .sync import refresh_user

# Zoom's code for "your account has reached the permitted maximum number of N Licensed users".
NO_LICENCE_CODE = 2034
USER_EXISTS_CODE = 1005
USER_NOT_FOUND_CODE = 1001


@dataclass
class NewUser:
    action: str  # create, autoCreate, custCreate, ssoCreate
    email: str
    type: int
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    dept: str = ""
    password: str = ""  # autoCreate only; never audited or logged
    extra: dict[str, Any] = field(default_factory=dict)


def zoom_ref(user: ZoomUser) -> str:
    """What Zoom's paths accept for this user: its id, or its email while it is pending
    (Zoom lists pending invitations without an id)."""
    return user.email if user.zoom_id.startswith("pending:") else user.zoom_id


def is_licence_refusal(exc: ZoomError) -> bool:
    text = exc.message.lower()
    return exc.code == NO_LICENCE_CODE or ("licen" in text and ("maximum" in text or "enough" in text))


def licence_message(exc: ZoomError) -> str:
    return ("No Licensed seat is free: free one (change a user to Basic), buy more licences, or add this "
            f"user as Basic. Zoom said: {exc.message}")


def _licence(exc: ZoomError) -> ZoomWriteError | None:
    if isinstance(exc, ZoomRefused) and is_licence_refusal(exc):
        return ZoomWriteError(licence_message(exc), field="type", status=exc.status, code=exc.code)
    return None


def _client(account: ZoomAccount, client: ZoomClient | None) -> ZoomClient:
    if client is not None:
        return client
    try:
        return client_for(account)
    except ZoomError as exc:
        raise write_error(exc) from exc


def _write(action: str, account: ZoomAccount, actor, user_label: str, target_id: str, send,
           *, field_for: dict[int | str, str] | None = None, default_field: str | None = None,
           keywords: dict[str, str] | None = None, detail: dict[str, Any] | None = None) -> Any:
    """Run ``send()`` (the Zoom calls) as an audited write on a Zoom user."""
    fields = Fields(codes=field_for or {}, words=tuple((keywords or {}).items()), default=default_field)
    return audited_write(action, account, actor, Target(type="zoom_user", id=target_id, label=user_label), send,
                         fields=fields, detail=detail, explain=_licence)


def _mirror(account: ZoomAccount, zoom_id: str, client: ZoomClient) -> ZoomUser | None:
    """Re-read a user after a write. Zoom took the write: if the re-read fails for a passing
    reason, the next sync or webhook brings the change in."""
    try:
        return refresh_user(account, zoom_id, client)
    except ZoomRefused:
        raise
    except ZoomError:
        return None


# --- the writes ----------------------------------------------------------------------------------


def create_user(account: ZoomAccount, new: NewUser, actor=None, client: ZoomClient | None = None) -> ZoomUser | None:
    client = _client(account, client)
    info: dict[str, Any] = {"email": new.email, "type": new.type}
    for name in ("first_name", "last_name", "display_name"):
        if getattr(new, name):
            info[name] = getattr(new, name)
    if new.action == "autoCreate":
        info["password"] = new.password
    detail = {"action": new.action, "type": new.type}
    created = _write(
        "user.created", account, actor, new.email, new.email,
        lambda: zoom_users.create_user(client, action=new.action, user_info=info),
        field_for={USER_EXISTS_CODE: "email"}, default_field=None,
        keywords={"email": "email", "password": "password", "first_name": "first_name",
                  "last_name": "last_name", "type": "type"},
        detail=detail,
    )
    zoom_id = (created or {}).get("id") or new.email
    if new.dept:
        # POST /users takes no department: it is set by an update right after.
        # A refusal is audited; the user exists at Zoom, the department can be set again on the edit page.
        with contextlib.suppress(ZoomWriteError):
            update_user(account, zoom_id, new.email, {"dept": new.dept}, actor, client=client, refresh=False)
    return _mirror(account, zoom_id, client)


def update_user(account: ZoomAccount, zoom_id: str, label: str, changes: dict[str, Any], actor=None,
                client: ZoomClient | None = None, refresh: bool = True) -> ZoomUser | None:
    """PATCH the changed profile fields (type, names, department, time zone)."""
    if not changes:
        return ZoomUser.objects.filter(account=account, zoom_id=zoom_id).first()
    client = _client(account, client)
    _write(
        "user.updated", account, actor, label, zoom_id,
        lambda: zoom_users.update_user(client, zoom_id, changes),
        keywords={name: name for name in ("first_name", "last_name", "dept", "timezone", "type")},
        detail={"fields": sorted(changes), **({"type": changes["type"]} if "type" in changes else {})},
    )
    return _mirror(account, zoom_id, client) if refresh else None


def set_role(account: ZoomAccount, user: ZoomUser, role_id: str, actor=None,
             client: ZoomClient | None = None) -> ZoomUser | None:
    """Role changes go through Zoom's roles endpoints; the user update does not take a role."""
    client = _client(account, client)
    _write(
        "user.role_changed", account, actor, user.email, user.zoom_id,
        lambda: zoom_roles.add_role_members(client, role_id, [{"id": zoom_ref(user)}]),
        default_field="role", detail={"from": user.role_id, "to": role_id},
    )
    return _mirror(account, zoom_ref(user), client)


def change_group(account: ZoomAccount, user: ZoomUser, group_id: str, add: bool, actor=None,
                 client: ZoomClient | None = None) -> ZoomUser | None:
    client = _client(account, client)
    if add:
        send = lambda: zoom_users.add_group_members(client, group_id, [{"id": user.zoom_id}])  # noqa: E731
    else:
        send = lambda: zoom_users.remove_group_member(client, group_id, user.zoom_id)  # noqa: E731
    _write("user.group_added" if add else "user.group_removed", account, actor, user.email, user.zoom_id, send,
           default_field="group", detail={"group": group_id})
    return _mirror(account, user.zoom_id, client)


def set_status(account: ZoomAccount, user: ZoomUser, activate: bool, actor=None,
               client: ZoomClient | None = None) -> ZoomUser | None:
    client = _client(account, client)
    action = "activate" if activate else "deactivate"
    _write(
        f"user.{action}d", account, actor, user.email, user.zoom_id,
        lambda: zoom_users.set_user_status(client, zoom_ref(user), action=action),
    )
    return _mirror(account, zoom_ref(user), client)


@dataclass
class Removal:
    action: str = "delete"  # or "disassociate"
    transfer_to: ZoomUser | None = None
    meetings: bool = False
    webinars: bool = False
    recordings: bool = False

    @property
    def transfers(self) -> bool:
        return self.transfer_to is not None and (self.meetings or self.webinars or self.recordings)


def remove_user(account: ZoomAccount, user: ZoomUser, removal: Removal, actor=None,
                client: ZoomClient | None = None) -> None:
    """Delete or disassociate, optionally handing meetings, webinars and recordings to another user."""
    client = _client(account, client)
    transfer: dict[str, Any] = {}
    detail: dict[str, Any] = {"action": removal.action}
    if removal.transfers:
        transfer = {"transfer_email": removal.transfer_to.email, "transfer_meeting": removal.meetings,
                    "transfer_webinar": removal.webinars, "transfer_recording": removal.recordings}
        detail.update({"transfer_to": removal.transfer_to.email, "meetings": removal.meetings,
                       "webinars": removal.webinars, "recordings": removal.recordings})
    _write(
        "user.deleted" if removal.action == "delete" else "user.disassociated", account, actor, user.email,
        user.zoom_id,
        lambda: zoom_users.delete_user(client, zoom_ref(user), action=removal.action, **transfer),
        field_for={USER_NOT_FOUND_CODE: "transfer_to"} if removal.transfers else {},
        keywords={"transfer": "transfer_to", "pending": "action"}, detail=detail,
    )
    with transaction.atomic():
        # Zoom moved them (204 means done): the mirror follows without waiting for a sync.
        target = removal.transfer_to
        if removal.transfers and target is not None:
            moved = {name for name in ("meetings", "webinars") if getattr(removal, name)}
            hosted.transfer(account, user.zoom_id, target.zoom_id, moved)
        ZoomUser.objects.filter(account=account, pk=user.pk).delete()


def reinvite(account: ZoomAccount, user: ZoomUser, actor=None, client: ZoomClient | None = None) -> ZoomUser | None:
    """Zoom has no "resend invitation": disassociate the pending user, then invite again."""
    if user.status != ZoomUser.Status.PENDING:
        raise ZoomWriteError("Only a pending user can be re-invited.")
    client = _client(account, client)
    remove_user(account, user, Removal(action="disassociate"), actor, client=client)
    new = NewUser(action="create", email=user.email, type=user.type if user.type in (1, 2, 4) else 1,
                  first_name=user.first_name, last_name=user.last_name, dept=user.dept)
    return create_user(account, new, actor, client=client)
