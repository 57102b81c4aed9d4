"""Webinar pages: the meetings' views with the webinar ``EventUI``, plus panelists."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.meetings import views as events
from apps.meetings.services import EventWriteError

from . import services
from .forms import PanelistForm, WebinarForm
from .models import Webinar

WEBINARS = events.EventUI(Webinar, WebinarForm, services.WEBINAR, "webinars", "webinar", "webinar", "sync.webinars",
                          "webinars", types=(5, 6, 9))


def detail_with_panelists(request: HttpRequest, webinar: Webinar, form: PanelistForm | None = None) -> HttpResponse:
    return events.detail_page(WEBINARS, request, webinar.zoom_id, event=webinar,
                              panelists=list(webinar.panelists.all()), panelist_form=form or PanelistForm())


@requires("read")
def webinar_list(request: HttpRequest) -> HttpResponse:
    return events.list_page(WEBINARS, request)


@requires("read")
def webinar_count(request: HttpRequest) -> HttpResponse:
    return events.count_fragment(WEBINARS, request)


@requires("read")
def webinar_detail(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return detail_with_panelists(request, events.event_or_404(WEBINARS, request, zoom_id))


@requires("admin")
@require_POST
def webinar_start_link(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return events.start_link_fragment(WEBINARS, request, zoom_id)


@requires("admin")
def webinar_new(request: HttpRequest) -> HttpResponse:
    return events.new_page(WEBINARS, request)


@requires("admin")
def webinar_edit(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return events.edit_page(WEBINARS, request, zoom_id)


@requires("admin")
def webinar_delete(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return events.delete_page(WEBINARS, request, zoom_id)


@requires("admin")
def webinar_preview(request: HttpRequest) -> HttpResponse:
    return events.preview_fragment(WEBINARS, request)


@requires("admin")
@require_POST
def panelist_add(request: HttpRequest, zoom_id: int) -> HttpResponse:
    webinar = events.event_or_404(WEBINARS, request, zoom_id)
    existing = set(webinar.panelists.values_list("email", flat=True))
    form = PanelistForm(request.POST, existing=existing)
    if form.is_valid():
        name, email = form.cleaned_data["name"], form.cleaned_data["email"]
        try:
            services.add_panelist(request.account, request.user, webinar, name=name, email=email)
        except EventWriteError as exc:
            events.show_error(form, exc)
        else:
            messages.success(request, f"Added {name} ({email}) as a panelist.")
            return redirect(WEBINARS.url("detail", webinar.zoom_id) + "#panelists")
    return detail_with_panelists(request, webinar, form)


@requires("admin")
@require_POST
def panelist_remove(request: HttpRequest, zoom_id: int, panelist_id: str) -> HttpResponse:
    webinar = events.event_or_404(WEBINARS, request, zoom_id)
    panelist = webinar.panelists.filter(zoom_id=panelist_id).first()
    if panelist is None:
        raise Http404("no such panelist")
    try:
        services.remove_panelist(request.account, request.user, webinar, panelist)
    except EventWriteError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Removed {panelist.name} ({panelist.email}) from the panelists.")
    return redirect(WEBINARS.url("detail", webinar.zoom_id) + "#panelists")
