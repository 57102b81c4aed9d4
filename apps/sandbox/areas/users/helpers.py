"""What the users, groups and roles views share: the caller's permissions, finding a user,
Zoom's error bodies, and a user's JSON (as GET /users lists it and as GET /users/{userId}
returns it, with the shapes of users.openapi.json)."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox.models import SandboxAccount, SandboxToken, SandboxUser
from apps.sandbox.services import DB, iso, zoom_error

from .models import SandboxGroupMember

ROLE_DESCRIPTIONS = {
    SandboxUser.ROLE_OWNER: "Account owner has full privileges to access and manage a Zoom account.",
    SandboxUser.ROLE_ADMIN: "Admins have wide-ranging privileges to manage users, rooms and account settings.",
    SandboxUser.ROLE_MEMBER: "Members have access to basic Zoom video meetings functionality.",
}


def no_permission() -> HttpResponse:
    return zoom_error(400, 200, "No permission.")


def validation_failed(*errors: tuple[str, str]) -> HttpResponse:
    """Zoom's 400 for a malformed body: code 300 and the fields at fault."""
    return JsonResponse(
        {"code": 300, "message": "Validation Failed.",
         "errors": [{"field": field, "message": message} for field, message in errors]},
        status=400,
    )


def user_not_found(user_id: str) -> HttpResponse:
    return zoom_error(404, 1001, f"User does not exist: {user_id}.")


def read_json(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return zoom_error(400, 300, "Request Body should be a valid JSON object.")
    if not isinstance(data, dict):
        return zoom_error(400, 300, "Request Body should be a valid JSON object.")
    return data


def caller(request: HttpRequest) -> SandboxUser | None:
    """The user behind a user-level token (None for an account-level S2S token)."""
    token: SandboxToken = request.zoom_token
    return token.user


def admin_only(request: HttpRequest) -> HttpResponse | None:
    """A Member's token may not use account-wide operations."""
    user = caller(request)
    if user is not None and not user.is_admin:
        return no_permission()
    return None


def account_users(account: SandboxAccount) -> QuerySet[SandboxUser]:
    return SandboxUser.objects.using(DB).filter(account=account)


def find_user(request: HttpRequest, user_id: str, *, write: bool = False) -> SandboxUser | HttpResponse:
    """``user_id`` is an id, an email or ``me``, within the token's account. A Member may
    only see (and change) their own user."""
    token: SandboxToken = request.zoom_token
    if user_id == "me":
        user = token.user or token.account.owner
        return user if user is not None else user_not_found(user_id)
    user = (
        account_users(token.account)
        .select_related("account")
        .filter(Q(zoom_id=user_id) | Q(email__iexact=user_id))
        .first()
    )
    if user is None:
        return user_not_found(user_id)
    if token.user is not None and not token.user.is_admin and user.pk != token.user.pk:
        return no_permission()
    return user


def group_ids_by_user(users: list[SandboxUser]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {u.pk: [] for u in users}
    rows = (
        SandboxGroupMember.objects.using(DB)
        .filter(user_id__in=list(found))
        .order_by("group_id")
        .values_list("user_id", "group__zoom_id")
    )
    for user_pk, group_zoom_id in rows:
        found[user_pk].append(group_zoom_id)
    return found


def list_user_json(user: SandboxUser, group_ids: list[str]) -> dict[str, Any]:
    """A user as GET /users lists it (only the spec's list fields; no id while pending)."""
    data: dict[str, Any] = {}
    if user.status != SandboxUser.Status.PENDING:
        data["id"] = user.zoom_id
    data.update({
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "email": user.email,
        "type": user.type,
        "pmi": user.pmi,
        "timezone": user.timezone,
        "verified": user.verified,
        "dept": user.dept,
        "created_at": iso(user.created_at),
        "user_created_at": iso(user.created_at),
    })
    if user.last_login_time is not None:
        data["last_login_time"] = iso(user.last_login_time)
    if user.last_client_version:
        data["last_client_version"] = user.last_client_version
    data.update({
        "group_ids": group_ids,
        "im_group_ids": [],
        "role_id": user.role_id,
        "status": user.status,
    })
    return data


def user_json(user: SandboxUser, base: str) -> dict[str, Any]:
    """A user as GET /users/{userId} returns it (users.openapi.json, 200 response)."""
    account = user.account
    data: dict[str, Any] = {
        "id": user.zoom_id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "email": user.email,
        "type": user.type,
        "role_name": user.role_name,
        "pmi": user.pmi,
        "use_pmi": user.use_pmi,
        "personal_meeting_url": f"{base}/j/{user.pmi}",
        "timezone": user.timezone,
        "verified": user.verified,
        "dept": user.dept,
        "created_at": iso(user.created_at),
        "user_created_at": iso(user.created_at),
        "last_client_version": user.last_client_version,
        "pic_url": f"{base}/p/{user.zoom_id}",
        "language": user.language,
        "phone_number": "",
        "status": user.status,
        "role_id": user.role_id,
        "job_title": user.job_title,
        "location": user.location,
        "company": account.name,
        "account_id": account.zoom_id,
        "account_number": account.account_number,
        "cluster": "us05",
        "jid": f"{user.zoom_id.lower()}@xmpp.zoom.example",
        "group_ids": list(
            SandboxGroupMember.objects.using("sandbox").filter(user=user).order_by("group_id")
            .values_list("group__zoom_id", flat=True)
        ),
        "im_group_ids": [],
        "login_types": [100],
    }
    if user.last_login_time is not None:
        data["last_login_time"] = iso(user.last_login_time)
    return data
