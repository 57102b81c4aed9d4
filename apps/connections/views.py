"""Settings → Zoom connections: connect (OAuth), reconnect, disconnect, Server-to-Server."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import requires
from apps.accounts.models import Membership, RevokedRole, Role, ZoomOAuthApp, ZoomOAuthConnection
from apps.zoom import oauth
from apps.zoom.errors import ZoomError
from apps.zoom.models import usage_by_label, usage_by_priority

from .forms import ServerToServerForm
from .services import (
    AccountNotAllowed,
    connect_from_code,
    connect_server_to_server,
    disconnect_connection,
    environment_app,
)
from .signin import claim_membership

CONNECT_SESSION_KEY = "zoom_connect"


def _page(request: HttpRequest, s2s_form: ServerToServerForm | None = None, status: int = 200) -> HttpResponse:
    context = {
        "connections": request.account.connections.select_related("zoom_oauth_app"),
        "oauth_app": environment_app(),
        "s2s_form": s2s_form or ServerToServerForm(),
        "usage": usage_by_label(request.account.pk),
        "usage_by_priority": usage_by_priority(request.account.pk),
        "daily_reserve": round(settings.ZOOM_DAILY_RESERVE * 100),
        "tab": "connections",
    }
    return render(request, "connections/connections.html", context, status=status)


@requires("admin")
def settings_index(request: HttpRequest) -> HttpResponse:
    return _page(request)


@requires("admin")
@require_POST
def connect_start(request: HttpRequest) -> HttpResponse:
    """Send the admin to Zoom's consent page for the admin-managed app."""
    app = environment_app()
    if app is None:
        messages.error(request, "No OAuth app is configured (ZOOM_CLIENT_ID).")
        return redirect("settings")
    state = secrets.token_urlsafe(24)
    verifier, challenge = oauth.pkce_pair()
    request.session[CONNECT_SESSION_KEY] = {"state": state, "app": app.pk, "code_verifier": verifier}
    redirect_uri = request.build_absolute_uri(reverse("connection_callback"))
    return redirect(oauth.authorize_url(app.client_id, redirect_uri, state, code_challenge=challenge))


@requires("admin")
def connect_callback(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(CONNECT_SESSION_KEY, None)
    if not pending or not secrets.compare_digest(str(pending.get("state", "")), request.GET.get("state", "")):
        messages.error(request, "That Zoom authorization did not start here, or it expired. Try again.")
        return redirect("settings")
    if "error" in request.GET or not request.GET.get("code"):
        messages.error(request, "Zoom did not authorize the connection.")
        return redirect("settings")
    app = get_object_or_404(ZoomOAuthApp, pk=pending["app"])
    redirect_uri = request.build_absolute_uri(reverse("connection_callback"))
    try:
        conn, me = connect_from_code(app, request.GET["code"], redirect_uri, str(pending.get("code_verifier", "")))
    except AccountNotAllowed as exc:
        audit.record(
            action="connection.connected", account=request.account, actor=request.user,
            target_type="connection", result="denied", message=exc.message,
        )
        messages.error(request, f"{exc.message} Only the accounts in the dashboard's allow list may be connected.")
        return redirect("settings")
    except ZoomError as exc:
        audit.record(
            action="connection.connected", account=request.account, actor=request.user,
            target_type="connection", result="failed", zoom_status=exc.status, message=str(exc),
        )
        messages.error(request, f"Zoom refused the connection: {exc.message}")
        return redirect("settings")
    # The Zoom admin who authorized administers the account here too, through this local user
    # until that Zoom user signs in themselves. The role is tied to their Zoom user id.
    membership = claim_membership(conn.account, me)
    if (membership is None and not Membership.objects.filter(account=conn.account, email=me["email"].lower()).exists()
            and not RevokedRole.holds(conn.account, str(me["id"]), me["email"])):
        Membership.objects.create(
            account=conn.account, email=me["email"].lower(), zoom_user_id=str(me["id"]), role=Role.ADMIN,
            user=request.user, granted_by=request.user,
        )
    elif membership is not None and membership.user_id is None:
        membership.user = request.user
        membership.save(update_fields=["user", "updated_at"])
    audit.record(
        action="connection.connected", account=conn.account, actor=request.user,
        target_type="connection", target_id=conn.pk, target_label=str(app),
        detail={"zoom_user_id": conn.user_id},
    )
    messages.success(request, f"Connected the Zoom account “{conn.account.name}”.")
    return redirect("settings")


def _own_connection(request: HttpRequest, pk: str) -> ZoomOAuthConnection:
    return get_object_or_404(ZoomOAuthConnection.objects.select_related("zoom_oauth_app"), pk=pk,
                             account=request.account)


@requires("admin")
@require_POST
def disconnect(request: HttpRequest, pk: str) -> HttpResponse:
    conn = _own_connection(request, pk)
    messages.info(request, disconnect_connection(conn, actor=request.user))
    return redirect("settings")


@requires("admin")
@require_POST
def server_to_server(request: HttpRequest) -> HttpResponse:
    form = ServerToServerForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    data = form.cleaned_data
    if data["account_id"] != request.account.zoom_account_id:
        form.add_error("account_id", "This is not the account you are managing: switch to it first.")
        return _page(request, form)
    try:
        conn = connect_server_to_server(**data)
    except ZoomError as exc:
        field = "client_secret" if exc.code in ("invalid_client", "invalid_grant") else None
        form.add_error(field, f"Zoom refused these credentials: {exc.message}")
        audit.record(
            action="connection.connected", account=request.account, actor=request.user,
            target_type="connection", result="failed", zoom_status=exc.status, message=str(exc),
        )
        return _page(request, form)
    audit.record(
        action="connection.connected", account=conn.account, actor=request.user,
        target_type="connection", target_id=conn.pk, target_label=str(conn.zoom_oauth_app),
    )
    messages.success(request, "Server-to-Server OAuth app connected.")
    return redirect("settings")
