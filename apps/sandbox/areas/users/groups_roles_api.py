"""Groups and roles of the sandbox's REST API (GET /groups, /roles and role members)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox.models import SandboxAccount, SandboxUser
from apps.sandbox.rest import paginate, zoom_api
from apps.sandbox.services import DB, LIGHT, MEDIUM, iso, now, zoom_error

from .helpers import ROLE_DESCRIPTIONS, account_users, admin_only, read_json, user_not_found, validation_failed
from .models import SandboxGroup, SandboxGroupMember


@zoom_api(MEDIUM, "/groups", is_list=True)
def list_groups(request: HttpRequest) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    groups = (
        SandboxGroup.objects.using(DB)
        .filter(account=request.zoom_account)
        .annotate(members=Count("memberships"))
        .order_by("name", "id")
    )
    return paginate(
        request,
        groups,
        lambda g: {"id": g.zoom_id, "name": g.name, "total_members": g.members},
        key="groups",
        maximum=300,
        envelope=("total_records", "next_page_token"),
    )


def member_json(user: SandboxUser) -> dict[str, Any]:
    return {
        "id": user.zoom_id,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "type": user.type,
    }


@zoom_api(MEDIUM, "/groups/{groupId}/members", is_list=True)
def group_members(request: HttpRequest, group_id: str) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    group = SandboxGroup.objects.using(DB).filter(account=request.zoom_account, zoom_id=group_id).first()
    if group is None:
        return zoom_error(404, 4130, f"Group does not exist: {group_id}.")
    users = SandboxUser.objects.using(DB).filter(group_memberships__group=group).order_by("id")
    return paginate(request, users, member_json, key="members", maximum=2000)


def _group_or_404(request: HttpRequest, group_id: str) -> SandboxGroup | HttpResponse:
    group = SandboxGroup.objects.using(DB).filter(account=request.zoom_account, zoom_id=group_id).first()
    return group if group is not None else zoom_error(404, 4130, f"Group does not exist: {group_id}.")


@zoom_api(MEDIUM, "/groups/{groupId}/members")
def add_group_members(request: HttpRequest, group_id: str) -> HttpResponse:
    """POST /groups/{groupId}/members: {"members": [{"id"} | {"email"}]} (at most 30) → 201."""
    denied = admin_only(request)
    if denied:
        return denied
    group = _group_or_404(request, group_id)
    if isinstance(group, HttpResponse):
        return group
    body = read_json(request)
    if isinstance(body, HttpResponse):
        return body
    members = body.get("members")
    if not isinstance(members, list) or not members or len(members) > 30:
        return validation_failed(("members", "Between 1 and 30 members are required."))
    users = []
    for member in members:
        key = (member.get("id") or member.get("email") or "") if isinstance(member, dict) else ""
        user = account_users(request.zoom_account).filter(Q(zoom_id=key) | Q(email__iexact=key)).first()
        if user is None:
            return user_not_found(str(key))
        users.append(user)
    with transaction.atomic(using=DB):
        for user in users:
            SandboxGroupMember.objects.using(DB).get_or_create(group=group, user=user)
    return JsonResponse({"ids": ",".join(u.zoom_id for u in users), "added_at": iso(now())}, status=201)


@zoom_api(LIGHT, "/groups/{groupId}/members/{memberId}")
def remove_group_member(request: HttpRequest, group_id: str, member_id: str) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    group = _group_or_404(request, group_id)
    if isinstance(group, HttpResponse):
        return group
    deleted, _ = SandboxGroupMember.objects.using(DB).filter(group=group, user__zoom_id=member_id).delete()
    if not deleted:
        return user_not_found(member_id)
    return HttpResponse(status=204)


# --- roles (Accounts API; built-in roles only) -----------------------------------------


def _role_members(account: SandboxAccount, role_id: str) -> QuerySet[SandboxUser]:
    return account_users(account).filter(role_id=role_id).order_by("id")


@zoom_api(MEDIUM, "/roles")
def list_roles(request: HttpRequest) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    counts = dict(
        account_users(request.zoom_account).values_list("role_id").annotate(n=Count("id")).values_list("role_id", "n")
    )
    roles = [
        {
            "id": role_id,
            "name": name,
            "description": ROLE_DESCRIPTIONS[role_id],
            "total_members": counts.get(role_id, 0),
        }
        for role_id, name in SandboxUser.ROLE_NAMES.items()
    ]
    return JsonResponse({"page_size": 300, "next_page_token": "", "total_records": len(roles), "roles": roles})


def _role_or_404(role_id: str) -> HttpResponse | None:
    if role_id not in SandboxUser.ROLE_NAMES:
        return zoom_error(404, 300, f"Role does not exist: {role_id}.")
    return None


@zoom_api(MEDIUM, "/roles/{roleId}/members", is_list=True)
def role_members(request: HttpRequest, role_id: str) -> HttpResponse:
    denied = admin_only(request) or _role_or_404(role_id)
    if denied:
        return denied

    def to_json(user: SandboxUser) -> dict[str, Any]:
        return {**member_json(user), "department": user.dept}

    return paginate(request, _role_members(request.zoom_account, role_id), to_json, key="members", maximum=300)


def _set_role(user: SandboxUser, role_id: str) -> None:
    user.role_id = role_id
    user.role_name = SandboxUser.ROLE_NAMES[role_id]
    user.save(using=DB, update_fields=["role_id", "role_name"])


@zoom_api(MEDIUM, "/roles/{roleId}/members")
def assign_role(request: HttpRequest, role_id: str) -> HttpResponse:
    denied = admin_only(request) or _role_or_404(role_id)
    if denied:
        return denied
    body = read_json(request)
    if isinstance(body, HttpResponse):
        return body
    members = body.get("members")
    if not isinstance(members, list) or not members or len(members) > 30:
        return validation_failed(("members", "Invalid field."))
    if role_id == SandboxUser.ROLE_OWNER:
        return zoom_error(400, 300, "The Owner role cannot be assigned.")
    users: list[SandboxUser] = []
    for member in members:
        if not isinstance(member, dict) or not (member.get("id") or member.get("email")):
            return validation_failed(("members", "Invalid field."))
        key = member.get("id") or member.get("email")
        user = account_users(request.zoom_account).filter(Q(zoom_id=key) | Q(email__iexact=key)).first()
        if user is None:
            return user_not_found(key)
        if user.role_id == SandboxUser.ROLE_OWNER:
            return zoom_error(400, 300, f"The account owner's role cannot be changed: {user.email}")
        users.append(user)
    with transaction.atomic(using=DB):
        for user in users:
            _set_role(user, role_id)
    return JsonResponse({"ids": ",".join(u.zoom_id for u in users), "add_at": iso(now())}, status=201)


@zoom_api(LIGHT, "/roles/{roleId}/members/{memberId}")
def unassign_role(request: HttpRequest, role_id: str, member_id: str) -> HttpResponse:
    denied = admin_only(request) or _role_or_404(role_id)
    if denied:
        return denied
    user = account_users(request.zoom_account).filter(Q(zoom_id=member_id) | Q(email__iexact=member_id)).first()
    if user is None or user.role_id != role_id:
        return user_not_found(member_id)
    if role_id in (SandboxUser.ROLE_OWNER, SandboxUser.ROLE_MEMBER):
        return zoom_error(400, 300, f"Members cannot be removed from the {SandboxUser.ROLE_NAMES[role_id]} role.")
    _set_role(user, SandboxUser.ROLE_MEMBER)
    return HttpResponse(status=204)
