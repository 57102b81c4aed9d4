"""The event pages' handlers: list, the event's page, schedule/edit/delete, preview,
invitation, start link. Each takes the ``EventType`` first; ``apps.events.urls`` mounts
them with the access each needs, under the type's URL namespace.

Views stay thin: parse, call a service, render a page or its partial. A page's htmx
fragments are ``partialdef`` blocks of the events page (``events/detail.html#start_link``),
also when the type renders the whole page with its own template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.accounts.access import has_access
from apps.accounts.models import ZoomAccount
from apps.lib.htmx import partial_or_page
from apps.lib.paging import page_of
from apps.mirror.schedule import last_synced
from apps.users.models import ZoomUser
from apps.zoom.writes import ZoomWriteError, show_error

from . import listing, services
from .counts import registrant_counts
from .display import settings_rows, table_rows
from .forms import DeleteForm, EventForm, OccurrenceForm, for_preview
from .models import ZoomEvent
from .recurrence import describe
from .types import EventType


def event_or_404(event_type: EventType, request: HttpRequest, zoom_id: int) -> ZoomEvent:
    """An event of the current account's mirror; another account's is a 404."""
    event = event_type.model.objects.filter(account=request.account, zoom_id=zoom_id).first()
    if event is None:
        raise Http404(f"no such {event_type.noun}")
    return event


def base_context(event_type: EventType, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"event_type": event_type, "can_write": has_access(request, "admin"), **extra}


# --- list -----------------------------------------------------------------------------------


def list_page(event_type: EventType, request: HttpRequest) -> HttpResponse:
    filters = listing.parse_filters(request.GET, request.account, event_type)
    page = page_of(listing.queryset(request.account, filters, event_type), request.GET.get("page"),
                   listing.PAGE_SIZE)
    detail_prefix = event_type.url("detail", 0)[:-2]
    rows = table_rows(event_type, page.object_list, listing.host_emails(request.account, page), detail_prefix)
    ctx = base_context(event_type, request, filters=filters, page=page, rows=rows,
                       querystring=listing.querystring(filters),
                       sort=filters.cleaned_data.get("sort", "") if filters.is_valid() else "",
                       sort_links=listing.sort_links(filters), list_url=event_type.url("list"),
                       count_url=event_type.url("count"))
    state = listing.querystring(filters, **({"page": str(page.number)} if page.number > 1 else {}))
    return partial_or_page(request, event_type.template("list"), ctx, push=state)


def count_fragment(event_type: EventType, request: HttpRequest) -> HttpResponse:
    """"N meetings match" and when the mirror was last synced, loaded by the table after it
    shows: the COUNT would cost the page more than its rows."""
    filters = listing.parse_filters(request.GET, request.account, event_type)
    count = listing.queryset(request.account, filters, event_type).count()
    return render(request, "components/match_count.html",
                  {"noun": event_type.noun, "count": count,
                   "last_sync": last_synced(request.account, event_type.sync_job)})


# --- the event's page -------------------------------------------------------------------------


def detail_page(event_type: EventType, request: HttpRequest, zoom_id: int, *, event: ZoomEvent | None = None,
                **extra: Any) -> HttpResponse:
    """The event's page; ``extra`` is what the type's own template adds (a webinar's panelists)."""
    if event is None:
        event = event_or_404(event_type, request, zoom_id)
    ctx = base_context(event_type, request, event=event, occurrences=list(event.occurrences.all()),
                       repeats=describe(event.recurrence or {}),
                       registrant_counts=registrant_counts(event_type, event),
                       type_name=event_type.type_names.get(event.type, event.type),
                       registrants_event=f"{event_type.noun}:{event.zoom_id}",
                       settings_rows=settings_rows(event.settings), **extra)
    return render(request, event_type.template("detail"), ctx)


def read_on_demand(event_type: EventType, request: HttpRequest, zoom_id: int, partial: str, key: str,
                   read: Callable[[EventType, ZoomAccount, ZoomEvent], str]) -> HttpResponse:
    """A partial of the event's page with what ``read`` fetched from Zoom for this click
    (never stored), or Zoom's error in words."""
    event = event_or_404(event_type, request, zoom_id)
    ctx = base_context(event_type, request, event=event)
    try:
        ctx[key] = read(event_type, request.account, event)
    except ZoomWriteError as exc:
        ctx["fetch_error"] = exc.message
    return render(request, f"events/detail.html#{partial}", ctx)


def invitation_fragment(event_type: EventType, request: HttpRequest, zoom_id: int) -> HttpResponse:
    return read_on_demand(event_type, request, zoom_id, "invitation", "invitation", services.invitation)


def start_link_fragment(event_type: EventType, request: HttpRequest, zoom_id: int) -> HttpResponse:
    response = read_on_demand(event_type, request, zoom_id, "start_link", "start_url", services.start_url)
    response["Cache-Control"] = "no-store"  # it carries the host's token
    return response


# --- schedule, edit, delete -------------------------------------------------------------------


def default_host(form: EventForm, request: HttpRequest) -> ZoomUser | None:
    """The signed-in admin's own Zoom user when they are one, else the first host."""
    email = (request.user.email or "").lower()
    return next((u for u in form.hosts.values() if u.email.lower() == email), None) or next(
        iter(form.hosts.values()), None)


def new_page(event_type: EventType, request: HttpRequest) -> HttpResponse:
    form = event_type.form_class(request.POST or None, account=request.account)
    check_url = ""
    if request.method != "POST":
        host = default_host(form, request)
        form.initial.update(host=host.zoom_id if host else "", timezone=(host.timezone if host else "") or "UTC")
    elif form.is_valid():
        host = form.hosts[form.cleaned_data["host"]]
        try:
            event = services.create(event_type, request.account, request.user, host_id=host.zoom_id,
                                    body=form.zoom_body(), host_label=host.email)
        except ZoomWriteError as exc:
            show_error(form, exc)
            check_url = exc.check_url  # Zoom's answer was lost: where to look before scheduling again
        else:
            messages.success(request, f"Scheduled “{form.cleaned_data['topic']}”.")
            return redirect(event_type.url("detail", event.zoom_id) if event else event_type.url("list"))
    return render(request, event_type.template("form"),
                  base_context(event_type, request, form=form, event=None, preview=None,
                               check_url=check_url))


def edit_page(event_type: EventType, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(event_type, request, zoom_id)
    occurrence_id = request.GET.get("occurrence") or ""
    if occurrence_id:
        return edit_occurrence(event_type, request, event, occurrence_id)
    form_class = event_type.form_class
    form = form_class(request.POST or None, account=request.account, initial=form_class.initial_from(event))
    if request.method == "POST" and form.is_valid():
        host = form.hosts[form.cleaned_data["host"]]
        try:
            services.update(event_type, request.account, request.user, event, body=form.zoom_body(),
                            host_id=host.zoom_id, host_label=host.email)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Saved “{form.cleaned_data['topic']}”.")
            return redirect(event_type.url("detail", event.zoom_id))
    ctx = base_context(event_type, request, form=form, event=event, occurrences=list(event.occurrences.all()),
                       preview=None)
    return render(request, event_type.template("form"), ctx)


def edit_occurrence(event_type: EventType, request: HttpRequest, event: ZoomEvent,
                    occurrence_id: str) -> HttpResponse:
    occurrence = event.occurrences.filter(occurrence_id=occurrence_id).first()
    if occurrence is None:
        raise Http404("no such occurrence")
    local = occurrence.start_time.astimezone(ZoneInfo(event.timezone or "UTC"))
    form = OccurrenceForm(request.POST or None, initial={
        "start_date": local.date(), "start_time": local.time().replace(second=0), "duration": occurrence.duration,
        "agenda": event.agenda})
    if request.method == "POST" and form.is_valid():
        try:
            services.update(event_type, request.account, request.user, event,
                            body=form.zoom_body(event.timezone or "UTC"), occurrence_id=occurrence_id)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Saved the occurrence of {local:%a %d %b %Y}.")
            return redirect(event_type.url("detail", event.zoom_id))
    return render(request, event_type.template("occurrence"),
                  base_context(event_type, request, form=form, event=event, occurrence=occurrence,
                               local_start=local))


def delete_page(event_type: EventType, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(event_type, request, zoom_id)
    occurrences = [(o.occurrence_id, f"Only {o.start_time:%a %d %b %Y %H:%M} UTC")
                   for o in event.occurrences.exclude(status="deleted")]
    form = DeleteForm(request.POST or None, occurrences=occurrences, noun=event_type.noun,
                      notify_host=event_type.notifies_host,
                      initial={"occurrence_id": request.GET.get("occurrence", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            remaining = services.delete(event_type, request.account, request.user, event,
                                        occurrence_id=d["occurrence_id"] or None, notify_registrants=d["notify"],
                                        notify_host=d.get("notify_host", False))
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            if d["occurrence_id"] and remaining is not None:
                messages.success(request, "Deleted the occurrence.")
                return redirect(event_type.url("detail", event.zoom_id))
            messages.success(request, f"Deleted “{event.topic}”.")
            return redirect(event_type.url("list"))
    return render(request, event_type.template("delete"), base_context(event_type, request, form=form, event=event))


def preview_fragment(event_type: EventType, request: HttpRequest) -> HttpResponse:
    """The occurrence dates of the recurrence fields as typed: computed here, no Zoom call."""
    form = for_preview(event_type.form_class(request.POST or request.GET or None, account=request.account))
    preview = form.preview() if form.is_bound and form.is_valid() else None
    return render(request, "events/form.html#preview",
                  base_context(event_type, request, form=form, preview=preview))
