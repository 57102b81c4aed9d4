"""Webinar pages of their own: the webinar's page with its panelists, and the panelist
writes. Every other webinar page is the events' (apps.events.urls)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.events.views import detail_page, event_or_404
from apps.zoom.writes import ZoomWriteError, show_error

from . import services
from .forms import PanelistForm
from .models import Webinar
from .types import WEBINAR


def detail_with_panelists(request: HttpRequest, webinar: Webinar, form: PanelistForm | None = None) -> HttpResponse:
    return detail_page(WEBINAR, request, webinar.zoom_id, event=webinar, panelists=list(webinar.panelists.all()),
                       panelist_form=form or PanelistForm())


@requires("read")
def webinar_detail(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return detail_with_panelists(request, event_or_404(WEBINAR, request, zoom_id))


@requires("admin")
@require_POST
def panelist_add(request: HttpRequest, zoom_id: int) -> HttpResponse:
    webinar = event_or_404(WEBINAR, request, zoom_id)
    existing = set(webinar.panelists.values_list("email", flat=True))
    form = PanelistForm(request.POST, existing=existing)
    if form.is_valid():
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
        try:
            services.add_panelist(request.account, request.user, webinar, name=name, email=email)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Added {name} ({email}) as a panelist.")
            return redirect(WEBINAR.url("detail", webinar.zoom_id) + "#panelists")
    return detail_with_panelists(request, webinar, form)


@requires("admin")
@require_POST
def panelist_remove(request: HttpRequest, zoom_id: int, panelist_id: str) -> HttpResponse:
    webinar = event_or_404(WEBINAR, request, zoom_id)
    panelist = webinar.panelists.filter(zoom_id=panelist_id).first()
    if panelist is None:
        raise Http404("no such panelist")
    try:
        services.remove_panelist(request.account, request.user, webinar, panelist)
    except ZoomWriteError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Removed {panelist.name} ({panelist.email}) from the panelists.")
    return redirect(WEBINAR.url("detail", webinar.zoom_id) + "#panelists")
