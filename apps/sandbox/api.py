"""api.zoom.us/v2 users endpoints: GET/PATCH/DELETE /users/{userId} (and /users/me), with the
spec's shapes. The views themselves are in :mod:`users_api`; this module keeps the user JSON
and the URL entry point ``user_detail``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import tokens
from .models import SandboxGroupMember, SandboxToken, SandboxUser
from .rest import methods
from .services import iso, zoom_error


def authenticated(request: HttpRequest) -> SandboxToken | HttpResponse:
    """The request's live access token, or the 401 Zoom answers."""
    try:
        return tokens.access_token_from(request.META.get("HTTP_AUTHORIZATION", ""))
    except tokens.BearerError as exc:
        return zoom_error(401, 124, exc.message)


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


@csrf_exempt
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    """/v2/users/{userId}: GET, PATCH and DELETE (``me`` is counted as its own key on GET).
    "summary" is GET /users/summary, which this URL pattern would otherwise swallow."""
    from . import users_api

    if user_id == "summary":
        return methods(GET=users_api.users_summary)(request)
    get = users_api.get_me if user_id == "me" else users_api.get_user_by_id
    return methods(GET=get, PATCH=users_api.update_user, DELETE=users_api.delete_user)(request, user_id)


def _initials(user: SandboxUser) -> str:
    return (user.first_name[:1] + user.last_name[:1]).upper() or "?"


@require_GET
def picture(request: HttpRequest, user_id: str) -> HttpResponse:
    """A placeholder profile picture (an SVG with the user's initials) for ``pic_url``."""
    user = SandboxUser.objects.using("sandbox").filter(zoom_id=user_id).first()
    initials = _initials(user) if user else "?"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        '<rect width="64" height="64" fill="#2d8cff"/>'
        '<text x="32" y="40" font-family="sans-serif" font-size="24" fill="#fff" '
        f'text-anchor="middle">{initials}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")
