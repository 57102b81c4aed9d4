"""Mirror the account's users: a full sync job, and a refresh of one user."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone

from apps.accounts.models import Membership, ZoomAccount
from apps.accounts.roles import follow_zoom_users
from apps.jobs.services import Progress, handler
from apps.mirror.models import parse_time, upsert
from apps.mirror.walk import started_at, walk
from apps.zoom.client import ZoomClient
from apps.zoom.connections import client_for
from apps.zoom.endpoints import users as zoom_users
from apps.zoom.errors import ZoomRefused

from .models import ZoomGroup, ZoomUser

logger = logging.getLogger(__name__)

STATUSES = ("active", "inactive", "pending")
BUILTIN_ROLES = {"0": "Owner", "1": "Admin", "2": "Member"}


def user_row(account: ZoomAccount, data: dict[str, Any], synced_at: dt.datetime) -> dict[str, Any] | None:
    """A mirror row from Zoom's user object; None when Zoom's answer lacks an id or email."""
    zoom_id, email = data.get("id"), data.get("email")
    if not isinstance(email, str) or "@" not in email:
        logger.warning("zoom user without an email skipped")
        return None
    if not isinstance(zoom_id, str) or not zoom_id:
        if data.get("status") != "pending":
            logger.warning("zoom user without an id skipped")
            return None
        # Zoom lists pending invitations without an id until they are accepted.
        zoom_id = f"pending:{email.lower()}"
    pmi = data.get("pmi")
    return {
        "account": account,
        "synced_at": synced_at,
        "zoom_id": zoom_id,
        "email": email.lower(),
        "first_name": str(data.get("first_name") or "")[:128],
        "last_name": str(data.get("last_name") or "")[:128],
        "display_name": str(data.get("display_name") or "")[:256],
        "type": int(data.get("type") or 1),
        "role_id": str(data.get("role_id") or ""),
        # The list carries only role_id; Zoom's built-in roles have fixed ids.
        "role_name": str(data.get("role_name") or BUILTIN_ROLES.get(str(data.get("role_id")), ""))[:64],
        "status": str(data.get("status") or "active"),
        "dept": str(data.get("dept") or "")[:128],
        "job_title": str(data.get("job_title") or "")[:128],
        "location": str(data.get("location") or "")[:128],
        "timezone": str(data.get("timezone") or "")[:64],
        "language": str(data.get("language") or "")[:16],
        "group_ids": data.get("group_ids") if isinstance(data.get("group_ids"), list) else [],
        "pmi": int(pmi) if isinstance(pmi, int | str) and str(pmi).isdigit() else None,
        "verified": bool(data.get("verified")),
        "user_created_at": parse_time(data.get("user_created_at") or data.get("created_at")),
        "last_login_time": parse_time(data.get("last_login_time")),
        "last_client_version": str(data.get("last_client_version") or "")[:64],
    }


def write_users(account: ZoomAccount, items: list[dict[str, Any]], synced_at: dt.datetime) -> int:
    rows = [row for row in (user_row(account, item, synced_at) for item in items) if row]
    return upsert(ZoomUser, rows, unique_fields=["account", "zoom_id"])


@handler("sync.users")
def sync_users(progress: Progress) -> dict[str, int]:
    account = progress.job.account
    client = client_for(account)
    started = started_at(progress)
    for status in STATUSES:
        walk(
            progress, client, f"users:{status}", zoom_users.USERS.path, zoom_users.USERS.key,
            # The list is per status: an item of the "pending" list is pending.
            lambda items, st=status: write_users(account, [{**i, "status": i.get("status") or st} for i in items],
                                                 timezone.now()),
            params={"status": status},
        )
    deleted, _ = ZoomUser.objects.filter(account=account, synced_at__lt=started).delete()
    suspended = roles_follow_mirror(account)
    return {"users": ZoomUser.objects.filter(account=account).count(), "deleted": deleted,
            "roles_suspended": suspended}


def roles_follow_mirror(account: ZoomAccount, zoom_ids: list[str] | None = None) -> int:
    """After a full sync (or a refresh of ``zoom_ids``): a role whose Zoom user the mirror no longer
    holds as active (deactivated, removed, disassociated) is suspended; an active one's is lifted."""
    holders = Membership.objects.filter(account=account, external=False).exclude(zoom_user_id="")
    if zoom_ids is not None:
        holders = holders.filter(zoom_user_id__in=zoom_ids)
    held = set(holders.values_list("zoom_user_id", flat=True))
    if not held:
        return 0
    active = set(ZoomUser.objects.filter(account=account, zoom_id__in=held, status="active")
                 .values_list("zoom_id", flat=True))
    return follow_zoom_users(account, active=sorted(active), inactive=sorted(held - active),
                             reason="Zoom says this user is no longer an active user of the account.")


def write_groups(account: ZoomAccount, items: list[dict[str, Any]], synced_at: dt.datetime) -> int:
    rows = [{"account": account, "synced_at": synced_at, "zoom_id": item["id"],
             "name": str(item.get("name") or item["id"])[:128],
             "total_members": item.get("total_members") if isinstance(item.get("total_members"), int) else 0}
            for item in items if isinstance(item.get("id"), str) and item["id"]]
    return upsert(ZoomGroup, rows, unique_fields=["account", "zoom_id"])


@handler("sync.groups")
def sync_groups(progress: Progress) -> dict[str, int | None]:
    """The account's groups, for their names (users carry only group ids); its own job, so a
    full sync lists them alongside the meetings rather than before them. Zoom lists groups for
    paid accounts only: a refusal leaves the mirror's groups as they were."""
    account = progress.job.account
    started = started_at(progress)
    try:
        walk(progress, client_for(account), "groups", zoom_users.GROUPS.path, zoom_users.GROUPS.key,
             lambda items: write_groups(account, items, timezone.now()))
    except ZoomRefused as exc:
        logger.info("groups not listed (%s %s): group ids are shown without names", exc.status, exc.code)
        return {"groups": None}
    ZoomGroup.objects.filter(account=account, synced_at__lt=started).delete()
    return {"groups": ZoomGroup.objects.filter(account=account).count()}


def group_names(account: ZoomAccount) -> dict[str, str]:
    return dict(ZoomGroup.objects.filter(account=account).values_list("zoom_id", "name"))


def refresh_user(account: ZoomAccount, zoom_id: str, client: ZoomClient | None = None) -> ZoomUser | None:
    """Re-read one user from Zoom (after a write or a webhook); gone at Zoom → gone here."""
    client = client or client_for(account)
    try:
        data = zoom_users.get_user(client, zoom_id)
    except ZoomRefused as exc:
        if exc.status == 404:
            ZoomUser.objects.filter(account=account, zoom_id=zoom_id).delete()
            roles_follow_mirror(account, [zoom_id])
            return None
        raise
    if data.get("status") == "pending":
        data = {**data, "id": None}  # kept under the key the sync gives pending invitations
    write_users(account, [data], timezone.now())
    if data.get("id"):
        roles_follow_mirror(account, [str(data["id"])])
    key = data.get("id") or f"pending:{str(data.get('email', '')).lower()}"
    return ZoomUser.objects.filter(account=account, zoom_id=key).first()
