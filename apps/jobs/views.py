from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from apps.accounts import audit
from apps.accounts.access import requires

from .mirror import RESOURCES, start_full_sync, start_sync, sync_states


def job_page(request: HttpRequest, template: str, context: dict, *, active: bool) -> HttpResponse:
    """A job's page, or its ``#progress`` partial when htmx polls it; polling stops (286)
    once nothing runs any more."""
    if not request.htmx:
        return render(request, template, context)
    response = render(request, f"{template}#progress", context)
    if not active:
        response.status_code = HttpResponseStopPolling.status_code
    return response


def _panel(request: HttpRequest) -> HttpResponse:
    states = sync_states(request.account)
    response = render(request, "accounts/overview.html#sync", {"sync_states": states})
    if not any(s.running for s in states) and request.GET.get("poll"):
        response.status_code = HttpResponseStopPolling.status_code
    return response


@requires("read")
def sync_status(request: HttpRequest) -> HttpResponse:
    """The overview's sync panel, polled by htmx while a sync runs."""
    return _panel(request)


@requires("admin")
@require_POST
def sync_now(request: HttpRequest, resource: str) -> HttpResponse:
    if resource == "all":
        job = start_full_sync(request.account, request.user)
    elif resource in RESOURCES:
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
