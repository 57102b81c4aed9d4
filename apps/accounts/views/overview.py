from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.utils.http import url_has_allowed_host_and_scheme

from apps.jobs.mirror import sync_states

from ..access import landing_url_name, requires
from ..middleware import SESSION_KEY
from ..models import AuditEvent


@requires("registrants")
def home(request: HttpRequest) -> HttpResponse:
    """The overview. Approvers are sent to their inbox."""
    target = landing_url_name(request.role)
    if target != "home":
        return redirect(target)
    account = request.account
    context = {
        "connections": account.connections.select_related("zoom_oauth_app"),
        "recent_events": AuditEvent.objects.filter(account=account).select_related("actor")[:10],
        "member_count": account.memberships.count(),
        "sync_states": sync_states(account),
    }
    from apps.reports import overview as report_overview

    report_overview.refresh_if_stale(account)  # enqueues a job at most; no Zoom call here
    context.update(report_overview.context(account))
    return render(request, "accounts/overview.html", context)


@requires("signed_in")
@require_POST
def switch_account(request: HttpRequest) -> HttpResponse:
    """The header's account switcher; only accounts where the person has a role."""
    try:
        wanted = int(request.POST.get("account", ""))
    except ValueError:
        wanted = None
    membership = next((m for m in request.memberships if m.account_id == wanted), None)
    if membership is not None:
        request.session[SESSION_KEY] = membership.account_id
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse(landing_url_name(membership.role if membership else request.role))
    return redirect(next_url)
