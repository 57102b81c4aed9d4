"""api.zoom.us/v2 users, with the shapes of users.openapi.json (groups and roles are in
:mod:`groups_roles_api`, what they share in :mod:`helpers`).

Every view is wrapped by :func:`rest.zoom_api` with the operation's rate-limit label
(see ../shared/zoom-api/README.md). Errors are Zoom's ``{"code", "message"}`` bodies;
validation errors add Zoom's ``errors`` list (``{"field", "message"}``).

Roles are Zoom's three built-in ones (0 Owner, 1 Admin, 2 Member), kept on the user
(``role_id``/``role_name``). The roles endpoints live in Zoom's Accounts API, whose
spec is not vendored: their shapes follow Zoom's reference documentation.
"""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox import registry, rest
from apps.sandbox import webhooks as hooks
from apps.sandbox.models import SandboxAccount, SandboxToken, SandboxUser
from apps.sandbox.oauth import base_url
from apps.sandbox.rest import paginate, zoom_api
from apps.sandbox.services import DB, LIGHT, MEDIUM, now, zoom_error

from .helpers import (
    account_users,
    admin_only,
    caller,
    find_user,
    group_ids_by_user,
    list_user_json,
    no_permission,
    read_json,
    user_json,
    user_not_found,
    validation_failed,
)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CREATE_ACTIONS = ("create", "autoCreate", "custCreate", "ssoCreate")
USER_TYPES = (1, 2, 4, 99)
STATUS_ACTIONS = ("activate", "deactivate", "clock_in", "clock_out")
DELETE_ACTIONS = ("disassociate", "delete")
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def new_zoom_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(22))


# --- users -----------------------------------------------------------------------------


@zoom_api(MEDIUM, "/users", is_list=True)
def list_users(request: HttpRequest) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    status = request.GET.get("status") or SandboxUser.Status.ACTIVE
    if status not in SandboxUser.Status.values:
        return zoom_error(400, 300, f"Invalid field: status. Allowed values: {', '.join(SandboxUser.Status.values)}.")
    users = account_users(request.zoom_account).filter(status=status).order_by("id")
    role_id = request.GET.get("role_id")
    if role_id:
        users = users.filter(role_id=role_id)

    def page_json(items: list[SandboxUser]) -> list[dict[str, Any]]:
        groups = group_ids_by_user(items)
        return [list_user_json(u, groups[u.pk]) for u in items]

    return paginate(request, users, lambda u: list_user_json(u, []), key="users", maximum=2000,
                    page_json=page_json)


def _validate_user_info(action: Any, info: Any) -> HttpResponse | None:
    if action not in CREATE_ACTIONS:
        return validation_failed(("action", "Invalid field."))
    if not isinstance(info, dict):
        return validation_failed(("user_info", "Invalid field."))
    errors: list[tuple[str, str]] = []
    email = info.get("email")
    if not isinstance(email, str) or not email or len(email) > 128 or not EMAIL_RE.match(email):
        errors.append(("user_info.email", "Invalid field."))
    user_type = info.get("type")
    if isinstance(user_type, bool) or user_type not in USER_TYPES:
        errors.append(("user_info.type", "Invalid field."))
    elif user_type == 99 and action != "ssoCreate":
        errors.append(("user_info.type", "Type 99 can only be set with ssoCreate."))
    for name, limit in (("first_name", 64), ("last_name", 64), ("display_name", 128)):
        value = info.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > limit):
            errors.append((f"user_info.{name}", "Invalid field."))
    password = info.get("password")
    if password is not None and (not isinstance(password, str) or not 8 <= len(password) <= 32):
        errors.append(("user_info.password", "Invalid field."))
    if errors:
        return validation_failed(*errors)
    return None


def no_licence_left(account: SandboxAccount, new_type: Any, user: SandboxUser | None = None) -> HttpResponse | None:
    """Zoom's refusal when a Licensed seat is wanted and the account has none free (a cap set
    through the control API; no cap by default). The wording is Zoom's; the code (2034) is
    our assumption: the specs do not list it."""
    seats = rest.licensed_seats_for(account.zoom_id)
    if seats is None or new_type != SandboxUser.Type.LICENSED or (user is not None and user.type == new_type):
        return None
    if account_users(account).filter(type=SandboxUser.Type.LICENSED).count() < seats:
        return None
    return zoom_error(400, 2034, "Your request to add a new Licensed user could not be approved at this time because "
                                 f"your account has reached the permitted maximum number of {seats} Licensed users. "
                                 "Please purchase additional licenses or contact the Zoom support team.")


@zoom_api(LIGHT, "/users")
def create_user(request: HttpRequest) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    body = read_json(request)
    if isinstance(body, HttpResponse):
        return body
    action, info = body.get("action"), body.get("user_info")
    invalid = _validate_user_info(action, info)
    if invalid:
        return invalid
    account: SandboxAccount = request.zoom_account
    email = info["email"].strip().lower()
    existing = SandboxUser.objects.using(DB).filter(email__iexact=email).first()
    if existing is not None:
        if existing.account_id == account.pk:
            return zoom_error(409, 1005, f"User already in the account: {email}")
        return zoom_error(409, 1005, f"User already in another account: {email}")
    refused = no_licence_left(account, info["type"])
    if refused:
        return refused
    first = info.get("first_name") or ""
    last = info.get("last_name") or ""
    pending = action == "create"
    user = SandboxUser.objects.using(DB).create(
        zoom_id=new_zoom_id(),
        account=account,
        email=email,
        first_name=first,
        last_name=last,
        type=info["type"],
        role_id=SandboxUser.ROLE_MEMBER,
        role_name=SandboxUser.ROLE_NAMES[SandboxUser.ROLE_MEMBER],
        status=SandboxUser.Status.PENDING if pending else SandboxUser.Status.ACTIVE,
        pmi=secrets.randbelow(8_000_000_000) + 2_000_000_000,
        verified=0 if pending else 1,
        created_at=now(),
    )
    hooks.user_changed(request, "created", user)
    return JsonResponse(
        {"id": user.zoom_id, "first_name": first, "last_name": last, "email": email, "type": user.type},
        status=201,
    )


def get_user(request: HttpRequest, user_id: str) -> HttpResponse:
    user = find_user(request, user_id)
    if isinstance(user, HttpResponse):
        return user
    return JsonResponse(user_json(user, base_url(request)))


get_user_by_id = zoom_api(LIGHT, "/users/{userId}")(get_user)
get_me = zoom_api(LIGHT, "/users/me")(get_user)

# PATCH /users/{userId}: the fields the sandbox keeps, their maximum lengths.
_PATCH_STRINGS = {
    "first_name": 64, "last_name": 64, "dept": 64, "job_title": 64, "location": 64, "timezone": 64,
    "language": 16,
}
# Fields Zoom accepts that the sandbox does not keep (accepted and ignored).
_PATCH_IGNORED = {
    "cms_user_id", "company", "custom_attributes", "group_id", "host_key", "cost_center", "manager",
    "phone_country", "phone_number", "phone_numbers", "pronouns", "pronouns_option", "vanity_name",
    "display_name", "zoom_one_type", "plan_united_type", "feature", "about_me", "linkedin_url",
}


@zoom_api(LIGHT, "/users/{userId}")
def update_user(request: HttpRequest, user_id: str) -> HttpResponse:
    user = find_user(request, user_id, write=True)
    if isinstance(user, HttpResponse):
        return user
    body = read_json(request)
    if isinstance(body, HttpResponse):
        return body
    errors: list[tuple[str, str]] = []
    changes: dict[str, Any] = {}
    for name, value in body.items():
        if name in _PATCH_STRINGS:
            if not isinstance(value, str) or len(value) > _PATCH_STRINGS[name]:
                errors.append((name, "Invalid field."))
            else:
                changes[name] = value
        elif name == "type":
            if isinstance(value, bool) or value not in USER_TYPES:
                errors.append((name, "Invalid field."))
            elif caller(request) is not None and not caller(request).is_admin:
                return no_permission()
            else:
                changes[name] = value
        elif name == "use_pmi":
            if not isinstance(value, bool):
                errors.append((name, "Invalid field."))
            else:
                changes[name] = value
        elif name == "pmi":
            if isinstance(value, bool) or not isinstance(value, int) or not 1_000_000_000 <= value <= 9_999_999_999:
                errors.append((name, "Invalid field."))
            else:
                changes[name] = value
        # anything else, in _PATCH_IGNORED or not, is ignored as Zoom ignores unknown fields
    if errors:
        return validation_failed(*errors)
    refused = no_licence_left(user.account, changes.get("type"), user)
    if refused:
        return refused
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(using=DB, update_fields=list(changes))
        hooks.user_changed(request, "updated", user)
    return HttpResponse(status=204)


@zoom_api(LIGHT, "/users/{userId}/status")
def update_status(request: HttpRequest, user_id: str) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    user = find_user(request, user_id)
    if isinstance(user, HttpResponse):
        return user
    body = read_json(request)
    if isinstance(body, HttpResponse):
        return body
    action = body.get("action")
    if action not in STATUS_ACTIONS:
        return validation_failed(("action", "Invalid field."))
    if action in ("clock_in", "clock_out"):
        return HttpResponse(status=204)
    if user.role_id == SandboxUser.ROLE_OWNER:
        return zoom_error(400, 300, f"The account owner's status cannot be changed: {user.email}")
    if user.status == SandboxUser.Status.PENDING:
        return zoom_error(400, 300, f"User has not activated their account yet: {user.email}")
    user.status = SandboxUser.Status.ACTIVE if action == "activate" else SandboxUser.Status.INACTIVE
    user.save(using=DB, update_fields=["status"])
    if action == "deactivate":
        # A deactivated user's tokens stop working, as at Zoom.
        SandboxToken.objects.using(DB).filter(user=user).update(revoked=True)
    hooks.user_changed(request, "activated" if action == "activate" else "deactivated", user)
    return HttpResponse(status=204)


def _flag(request: HttpRequest, name: str) -> bool | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return None


def transfer_user_content(
    from_user: SandboxUser, to_user: SandboxUser, meetings: bool, webinars: bool, recordings: bool
) -> dict[str, int]:
    """Give ``to_user`` the meetings/webinars (and their recordings) that ``from_user`` hosts.

    The event models come from other areas of the sandbox: they are looked up by name in
    whichever area holds them, and a model that is not installed (yet) is skipped. Returns
    how many rows moved, by model name.
    """
    moved: dict[str, int] = {}
    wanted = []
    if meetings:
        wanted += ["SandboxMeeting"]
    if webinars:
        wanted += ["SandboxWebinar"]
    if recordings:
        wanted += ["SandboxRecording", "SandboxCloudRecording"]
    for name in wanted:
        model = registry.find_model(name)
        if model is None:
            continue
        field_names = {f.name for f in model._meta.get_fields()}
        if "host" not in field_names:
            continue
        moved[name] = model.objects.using(DB).filter(host=from_user).update(host=to_user)
    return moved


@zoom_api(LIGHT, "/users/{userId}")
def delete_user(request: HttpRequest, user_id: str) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    user = find_user(request, user_id)
    if isinstance(user, HttpResponse):
        return user
    action = request.GET.get("action") or "disassociate"
    if action not in DELETE_ACTIONS:
        return validation_failed(("action", "Invalid field."))
    flags = {name: _flag(request, f"transfer_{name}") for name in ("meeting", "webinar", "recording")}
    bad = [f"transfer_{name}" for name, value in flags.items() if value is None]
    if bad:
        return validation_failed(*((name, "Invalid field.") for name in bad))
    if user.role_id == SandboxUser.ROLE_OWNER:
        return zoom_error(400, 300, f"The account owner cannot be deleted: {user.email}")
    if action == "delete" and user.status == SandboxUser.Status.PENDING:
        return zoom_error(400, 300, "To delete a pending user, use the disassociate action.")
    target = None
    transfer_email = request.GET.get("transfer_email", "")
    if any(flags.values()):
        if not transfer_email:
            return validation_failed(("transfer_email", "Invalid field."))
        target = account_users(request.zoom_account).filter(email__iexact=transfer_email).first()
        if target is None:
            return user_not_found(transfer_email)
        if target.pk == user.pk:
            return zoom_error(400, 300, "The transfer user cannot be the user being deleted.")
        if target.status != SandboxUser.Status.ACTIVE:
            return zoom_error(400, 300, f"The transfer user is not active: {transfer_email}")
    with transaction.atomic(using=DB):
        if target is not None:
            transfer_user_content(user, target, flags["meeting"], flags["webinar"], flags["recording"])
        user.delete(using=DB)
    hooks.user_changed(request, "deleted" if action == "delete" else "disassociated", user)
    return HttpResponse(status=204)


@zoom_api(MEDIUM, "/users/summary")
def users_summary(request: HttpRequest) -> HttpResponse:
    denied = admin_only(request)
    if denied:
        return denied
    rows = (
        account_users(request.zoom_account)
        .values("status", "type")
        .annotate(n=Count("id"))
    )
    licensed = basic = join_only = pending = 0
    for row in rows:
        if row["status"] == SandboxUser.Status.PENDING:
            pending += row["n"]
        elif row["type"] == SandboxUser.Type.LICENSED:
            licensed += row["n"]
        elif row["type"] == SandboxUser.Type.BASIC:
            basic += row["n"]
        else:
            join_only += row["n"]
    return JsonResponse({
        "licensed_users_count": licensed,
        "basic_users_count": basic,
        "on_prem_users_count": 0,
        "room_users_count": 0,
        "pending_users_count": pending,
        "join_only_users_count": join_only,
        "total_users_count": licensed + basic + join_only,
    })
