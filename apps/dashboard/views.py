"""The overview, the account switcher and the mirror's sync panel ("Sync now")."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import landing_url_name, requires
from apps.accounts.middleware import SESSION_KEY
from apps.accounts.models import AuditEvent
from apps.lib.htmx import polled
from apps.mirror.schedule import is_resource, start_full_sync, start_sync, sync_states
from apps.reports import overview as report_overview


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
    context["syncing"] = any(s.running for s in context["sync_states"])
    report_overview.refresh_if_stale(account)  # enqueues a job at most; no Zoom call here
    context.update(report_overview.context(account))
    return render(request, "dashboard/overview.html", context)


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


def _panel(request: HttpRequest) -> HttpResponse:
    states = sync_states(request.account)
    syncing = any(s.running for s in states)
    return polled(request, "dashboard/overview.html", {"sync_states": states, "syncing": syncing}, partial="sync",
                  active=syncing)


@requires("read")
def sync_status(request: HttpRequest) -> HttpResponse:
    """The overview's sync panel, polled by htmx while a sync runs."""
    return _panel(request)


@requires("admin")
@require_POST
def sync_now(request: HttpRequest, resource: str) -> HttpResponse:
    if resource == "all":
        job = start_full_sync(request.account, request.user)
    elif is_resource(resource):
        job = start_sync(request.account, resource, request.user)
    else:
        raise Http404("unknown resource")
    audit.record(action="sync.started", account=request.account, actor=request.user, target_type="job",
                 target_id=job.pk, target_label=resource)
    if request.htmx:
        return _panel(request)
    messages.info(request, f"Sync of {resource} started.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)  # "Sync now" on a list page returns to that list
    return redirect("home")
