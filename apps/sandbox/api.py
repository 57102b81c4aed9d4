"""api.zoom.us/v2 endpoints (users, for now), answering with the spec's shapes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from . import tokens
from .models import SandboxToken, SandboxUser
from .oauth import base_url
from .services import LIGHT, count_call, iso, zoom_error


def authenticated(request: HttpRequest) -> SandboxToken | HttpResponse:
    """The request's live access token, or the 401 Zoom answers."""
    try:
        return tokens.access_token_from(request.META.get("HTTP_AUTHORIZATION", ""))
    except tokens.BearerError as exc:
        return zoom_error(401, 124, exc.message)


def user_json(user: SandboxUser, base: str) -> dict[str, Any]:
    """A user as GET /users/{userId} returns it (users.openapi.json, 200 response)."""
    account = user.account
    return {
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
        "last_login_time": iso(user.last_login_time),
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
        "group_ids": [],
        "im_group_ids": [],
        "login_types": [100],
    }


def _answer_user(request: HttpRequest, token: SandboxToken, user_id: str) -> HttpResponse:
    if user_id == "me":
        user = token.user or token.account.owner
    else:
        user = (
            SandboxUser.objects.using("sandbox")
            .select_related("account")
            .filter(Q(zoom_id=user_id) | Q(email__iexact=user_id), account=token.account)
            .first()
        )
        if user is None:
            return zoom_error(404, 1001, f"User does not exist: {user_id}.")
        # A user-level token of a non-admin only reads its own user.
        if token.user is not None and not token.user.is_admin and user.pk != token.user.pk:
            return zoom_error(400, 200, "No permission.")
    if user is None:
        return zoom_error(404, 1001, f"User does not exist: {user_id}.")
    return JsonResponse(user_json(user, base_url(request)))


@csrf_exempt
@never_cache
@require_GET
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    key = "GET /v2/users/me" if user_id == "me" else "GET /v2/users/{userId}"
    count_call(key, LIGHT)
    token = authenticated(request)
    if isinstance(token, HttpResponse):
        return token
    return _answer_user(request, token, user_id)


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
