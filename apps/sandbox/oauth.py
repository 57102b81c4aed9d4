"""zoom.us OAuth endpoints: consent page, token, revoke."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens
from .models import SandboxApp, SandboxUser
from .services import OAUTH, count_call, counted, oauth_error

# How many users of each account the consent page lists (Owner and Admins first).
CONSENT_USERS_PER_ACCOUNT = 200


def base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _page(template: str, context: dict, status: int = 200) -> HttpResponse:
    # Rendered without the request: the dashboard's context processors stay out.
    return HttpResponse(render_to_string(f"sandbox/{template}", context), status=status)


def _error_page(title: str, message: str, status: int) -> HttpResponse:
    return _page("error.html", {"title": title, "message": message}, status=status)


def _consent_users() -> list[SandboxUser]:
    users: list[SandboxUser] = []
    qs = SandboxUser.objects.using("sandbox").select_related("account").filter(status="active")
    for account_id in qs.values_list("account_id", flat=True).distinct().order_by("account_id"):
        users.extend(qs.filter(account_id=account_id).order_by("role_id", "id")[:CONSENT_USERS_PER_ACCOUNT])
    return users


def _valid_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    count_call(f"{request.method} /oauth/authorize", OAUTH)
    params = request.GET
    client_id = params.get("client_id", "")
    redirect_uri = params.get("redirect_uri", "")
    app = SandboxApp.objects.using("sandbox").filter(client_id=client_id).first() if client_id else None
    if app is None or app.kind == SandboxApp.Kind.S2S:
        return _error_page("Invalid client_id", "The app's client_id is not valid.", 400)
    if params.get("response_type") != "code":
        return _error_page("Invalid request", "response_type must be code.", 400)
    if not _valid_redirect(redirect_uri):
        return _error_page("Invalid redirect", "The redirect URL is missing or invalid.", 400)
    challenge, method = params.get("code_challenge", ""), params.get("code_challenge_method", "")
    if method and (not challenge or method not in tokens.PKCE_METHODS):
        return _error_page(
            "Invalid request", "code_challenge_method must be S256 or plain, with a code_challenge.", 400
        )

    if request.method == "GET":
        return _page(
            "consent.html",
            {"app": app, "users": _consent_users(), "action": request.get_full_path()},
        )

    user_pk = request.POST.get("user", "")
    user = (
        SandboxUser.objects.using("sandbox").select_related("account").filter(pk=user_pk).first()
        if user_pk.isdigit()
        else None
    )
    if user is None:
        return _error_page("Choose a user", "Pick the user who authorizes the app.", 400)
    if user.status != SandboxUser.Status.ACTIVE:
        return _error_page("User not active", "This user cannot sign in.", 403)
    if app.kind == SandboxApp.Kind.ADMIN and not user.is_admin:
        return _error_page(
            "Admin approval required",
            "Only an admin can authorize this app. Ask your account owner or admin "
            "to add it for your account.",
            403,
        )
    code = tokens.create_code(app, user, redirect_uri, challenge, method)
    query = {"code": code}
    if "state" in params:
        query["state"] = params["state"]
    separator = "&" if urlsplit(redirect_uri).query else "?"
    return HttpResponseRedirect(f"{redirect_uri}{separator}{urlencode(query)}")


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        raise tokens.OAuthError(401, "invalid_client", "Invalid client_id or client_secret")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise tokens.OAuthError(401, "invalid_client", "Invalid client_id or client_secret") from exc
    client_id, _, client_secret = decoded.partition(":")
    return client_id, client_secret


def _param(request: HttpRequest, name: str) -> str:
    # Zoom takes the token endpoint's parameters in the query string or the form body.
    return request.POST.get(name) or request.GET.get(name) or ""


GRANT_TYPES = ("authorization_code", "refresh_token", "account_credentials")


@csrf_exempt
@never_cache
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    grant_type = _param(request, "grant_type")
    label = grant_type if grant_type in GRANT_TYPES else "other"
    count_call(f"POST /oauth/token grant_type={label}", OAUTH)
    try:
        app = tokens.authenticate_client(*_client_credentials(request))
        if not grant_type:
            raise tokens.OAuthError(400, "invalid_request", "Missing grant_type")
        if grant_type == "authorization_code":
            issued = tokens.exchange_code(
                app, _param(request, "code"), _param(request, "redirect_uri"), _param(request, "code_verifier")
            )
        elif grant_type == "refresh_token":
            issued = tokens.refresh(app, _param(request, "refresh_token"))
        elif grant_type == "account_credentials":
            issued = tokens.account_credentials(app, _param(request, "account_id"))
        else:
            raise tokens.unsupported_grant()
    except tokens.OAuthError as exc:
        return oauth_error(exc.status, exc.error, exc.reason)
    return JsonResponse(issued.as_json(api_url=base_url(request)))


@csrf_exempt
@never_cache
@require_POST
@counted(OAUTH, key="/oauth/revoke")
def revoke(request: HttpRequest) -> HttpResponse:
    try:
        app = tokens.authenticate_client(*_client_credentials(request))
    except tokens.OAuthError as exc:
        return oauth_error(exc.status, exc.error, exc.reason)
    value = _param(request, "token")
    if not value:
        return oauth_error(400, "invalid_request", "Missing token")
    tokens.revoke(app, value)
    return JsonResponse({"status": "success"})
