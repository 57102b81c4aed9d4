"""api.zoom.us/v2 users endpoints: GET/PATCH/DELETE /users/{userId} (and /users/me), with the
spec's shapes. The views themselves are in :mod:`users_api`, the user JSON in :mod:`helpers`;
this module keeps the URL entry point ``user_detail`` and the profile pictures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from apps.sandbox import tokens
from apps.sandbox.models import SandboxToken, SandboxUser
from apps.sandbox.rest import methods
from apps.sandbox.services import zoom_error

from . import users_api


def authenticated(request: HttpRequest) -> SandboxToken | HttpResponse:
    """The request's live access token, or the 401 Zoom answers."""
    try:
        return tokens.access_token_from(request.META.get("HTTP_AUTHORIZATION", ""))
    except tokens.BearerError as exc:
        return zoom_error(401, 124, exc.message)


@csrf_exempt
def user_detail(request: HttpRequest, user_id: str) -> HttpResponse:
    """/v2/users/{userId}: GET, PATCH and DELETE (``me`` is counted as its own key on GET).
    "summary" is GET /users/summary, which this URL pattern would otherwise swallow."""
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
