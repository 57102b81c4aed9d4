"""Meetings pages: list, meeting page, schedule/edit/delete, preview, invitation, start link.

The handlers take an ``EventUI`` (model, form, write kind, URL namespace, templates) so the
webinar pages can be the same code with another ``EventUI``. Views stay thin: parse, call
a service, render a page or its partial.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.access import has_access, requires
from apps.lib.htmx import partial_or_page
from apps.mirror.schedule import last_synced
from apps.registrants.models import Registrant
from apps.users.models import ZoomUser

from . import listing, services
from .forms import DeleteForm, EventForm, MeetingForm, OccurrenceForm, for_preview
from .models import Meeting, ZoomEvent
from .recurrence import describe


@dataclass(frozen=True)
class EventUI:
    model: type[ZoomEvent]
    form_class: type[EventForm]
    write: services.WriteKind
    namespace: str  # URL namespace: "meetings"
    noun: str  # "meeting"
    registrant_fk: str  # Registrant's foreign key to the event
    sync_job: str  # "sync.meetings"
    sync_resource: str  # "meetings"
    types: tuple[int, int, int] = (2, 3, 8)

    def template(self, page: str) -> str:
        return f"{self.namespace}/{page}.html"

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)


MEETINGS = EventUI(Meeting, MeetingForm, services.MEETING, "meetings", "meeting", "meeting", "sync.meetings",
                   "meetings")


def event_or_404(ui: EventUI, request: HttpRequest, zoom_id: int) -> ZoomEvent:
    """An event of the current account's mirror; another account's is a 404."""
    event = ui.model.objects.filter(account=request.account, zoom_id=zoom_id).first()
    if event is None:
        raise Http404(f"no such {ui.noun}")
    return event


def base_context(ui: EventUI, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"ui": ui, "can_write": has_access(request, "admin"), **extra}


SORT_COLUMNS = [("start", "When"), ("topic", "Topic"), ("host", "Host")]


# --- list -----------------------------------------------------------------------------------


REGISTRATION_WORDS = {0: "Automatic", 1: "Manual approval"}


def list_page(ui: EventUI, request: HttpRequest) -> HttpResponse:
    filters = listing.parse(request.GET, request.account, ui.model, ui.types)
    qs = listing.queryset(ui.model, request.account, filters, floating_type=ui.types[1])
    page = listing.page_of(qs, request.GET.get("page"))
    emails = listing.host_emails(request.account, page)
    # Cells are formatted here: per-row URL reversing and template lookups cost more than the query.
    prefix = reverse(f"{ui.namespace}:detail", args=[0])[:-2]
    rows = [{"event": e, "url": f"{prefix}{e.zoom_id}/",
             "start": f"{e.start_time:%a} {e.start_time.day} {e.start_time:%b %Y, %H:%M} UTC" if e.start_time else "",
             "start_iso": e.start_time.isoformat() if e.start_time else "",
             "host": e.host_email or emails.get(e.host_zoom_id, e.host_zoom_id),
             "type_name": listing.TYPE_NAMES.get(e.type, e.type),
             "registration": REGISTRATION_WORDS.get(e.approval_type, "—") if e.has_registration else "—",
             "repeats": describe(e.recurrence or {})} for e in page.object_list]
    querystring = listing.querystring(filters)
    sort = filters.cleaned_data.get("sort", "") if filters.is_valid() else ""
    ctx = base_context(ui, request, filters=filters, page=page, rows=rows, querystring=querystring, sort=sort,
                       sort_links=listing.sort_links(filters, SORT_COLUMNS),
                       list_url=ui.url("list"), count_url=ui.url("count"))
    state = listing.querystring(filters, **({"page": str(page.number)} if page.number > 1 else {}))
    return partial_or_page(request, ui.template("list"), ctx, push=state)


def count_fragment(ui: EventUI, request: HttpRequest) -> HttpResponse:
    """"N meetings match" and when the mirror was last synced, loaded by the table after it
    shows: the COUNT would cost the page more than its rows."""
    filters = listing.parse(request.GET, request.account, ui.model, ui.types)
    count = listing.queryset(ui.model, request.account, filters, floating_type=ui.types[1]).count()
    return render(request, "components/match_count.html",
                  {"noun": ui.noun, "count": count, "last_sync": last_synced(request.account, ui.sync_job)})


# --- the event's page -------------------------------------------------------------------------


def detail_page(ui: EventUI, request: HttpRequest, zoom_id: int, **extra: Any) -> HttpResponse:
    event = event_or_404(ui, request, zoom_id) if "event" not in extra else extra.pop("event")
    counts = {row["status"]: row["n"] for row in Registrant.objects.filter(**{ui.registrant_fk: event})
              .order_by().values("status").annotate(n=Count("id"))}
    ctx = base_context(ui, request, event=event, occurrences=list(event.occurrences.all()),
                       repeats=describe(event.recurrence or {}), registrant_counts=counts,
                       type_name=listing.TYPE_NAMES.get(event.type, event.type),
                       registrants_event=f"{ui.noun}:{event.zoom_id}", settings_rows=settings_rows(event.settings),
                       **extra)
    return render(request, ui.template("detail"), ctx)


SETTING_LABELS = [("approval_type", "Registration"), ("registration_type", "Registration type"),
                  ("waiting_room", "Waiting room"), ("meeting_authentication", "Authenticated users only"),
                  ("host_video", "Host video"), ("participant_video", "Participant video"), ("audio", "Audio"),
                  ("join_before_host", "Join before host"), ("mute_upon_entry", "Mute on entry"),
                  ("auto_recording", "Automatic recording"), ("alternative_hosts", "Alternative hosts"),
                  # webinars only
                  ("registrants_restrict_number", "Registrant cap"), ("practice_session", "Practice session"),
                  ("question_and_answer", "Q&A"), ("panelists_video", "Panelist video"),
                  ("panelists_invitation_email_notification", "Invitation email to panelists"),
                  ("attendees_and_panelists_reminder_email_notification", "Reminder email"),
                  ("follow_up_attendees_email_notification", "Follow-up email to attendees"),
                  ("follow_up_absentees_email_notification", "Follow-up email to absentees")]
VALUE_WORDS = {"approval_type": {0: "Automatic approval", 1: "Manual approval", 2: "None"},
               "registration_type": {1: "Once, for every occurrence", 2: "For each occurrence",
                                     3: "Once, for chosen occurrences"},
               "audio": {"both": "Telephone and computer", "telephony": "Telephone", "voip": "Computer"}}
REMINDER_WORDS = {1: "1 hour before", 2: "1 day before", 3: "1 hour and 1 day before", 4: "1 week before",
                  5: "1 hour and 1 week before", 6: "1 day and 1 week before", 7: "1 hour, 1 day and 1 week before"}
FOLLOW_UP_WORDS = {n: f"{n} day{'s' if n > 1 else ''} after" for n in range(1, 8)}
VALUE_WORDS.update({"attendees_and_panelists_reminder_email_notification": REMINDER_WORDS,
                    "follow_up_attendees_email_notification": FOLLOW_UP_WORDS,
                    "follow_up_absentees_email_notification": FOLLOW_UP_WORDS})


def settings_rows(settings: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in SETTING_LABELS:
        if key not in settings:
            continue
        value = settings[key]
        if isinstance(value, dict):  # Zoom's {"enable": …, "type": …} settings
            value = (VALUE_WORDS.get(key, {}).get(value.get("type")) or True) if value.get("enable") else False
        if key == "registrants_restrict_number":
            value = value or "No cap"
        words = VALUE_WORDS.get(key, {}).get(value)
        rows.append((label, words or ("Yes" if value is True else "No" if value is False else str(value or "—"))))
    return rows


def invitation_fragment(ui: EventUI, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(ui, request, zoom_id)
    ctx = base_context(ui, request, event=event)
    try:
        ctx["invitation"] = services.invitation(ui.write, request.account, event)
    except services.EventWriteError as exc:
        ctx["fetch_error"] = exc.message
    return render(request, ui.template("detail") + "#invitation", ctx)


def start_link_fragment(ui: EventUI, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(ui, request, zoom_id)
    ctx = base_context(ui, request, event=event)
    try:
        ctx["start_url"] = services.start_url(ui.write, request.account, event)
    except services.EventWriteError as exc:
        ctx["fetch_error"] = exc.message
    response = render(request, ui.template("detail") + "#start_link", ctx)
    response["Cache-Control"] = "no-store"  # it carries the host's token
    return response


# --- schedule, edit, delete -------------------------------------------------------------------


def default_host(form: EventForm, request: HttpRequest) -> ZoomUser | None:
    """The signed-in admin's own Zoom user when they are one, else the first host."""
    email = (request.user.email or "").lower()
    return next((u for u in form.hosts.values() if u.email.lower() == email), None) or next(
        iter(form.hosts.values()), None)


def show_error(form: Any, error: services.EventWriteError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def new_page(ui: EventUI, request: HttpRequest) -> HttpResponse:
    form = ui.form_class(request.POST or None, account=request.account)
    if request.method != "POST":
        host = default_host(form, request)
        form.initial.update(host=host.zoom_id if host else "", timezone=(host.timezone if host else "") or "UTC")
    elif form.is_valid():
        host = form.hosts[form.cleaned_data["host"]]
        try:
            event = services.create(ui.write, request.account, request.user, host_id=host.zoom_id,
                                    body=form.zoom_body(), host_label=host.email)
        except services.EventWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Scheduled “{form.cleaned_data['topic']}”.")
            return redirect(ui.url("detail", event.zoom_id) if event else ui.url("list"))
    return render(request, ui.template("form"), base_context(ui, request, form=form, event=None, preview=None))


def edit_page(ui: EventUI, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(ui, request, zoom_id)
    occurrence_id = request.GET.get("occurrence") or ""
    if occurrence_id:
        return edit_occurrence(ui, request, event, occurrence_id)
    form = ui.form_class(request.POST or None, account=request.account, initial=ui.form_class.initial_from(event))
    if request.method == "POST" and form.is_valid():
        host = form.hosts[form.cleaned_data["host"]]
        try:
            services.update(ui.write, request.account, request.user, event, body=form.zoom_body(),
                            host_id=host.zoom_id, host_label=host.email)
        except services.EventWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Saved “{form.cleaned_data['topic']}”.")
            return redirect(ui.url("detail", event.zoom_id))
    ctx = base_context(ui, request, form=form, event=event, occurrences=list(event.occurrences.all()), preview=None)
    return render(request, ui.template("form"), ctx)


def edit_occurrence(ui: EventUI, request: HttpRequest, event: ZoomEvent, occurrence_id: str) -> HttpResponse:
    occurrence = event.occurrences.filter(occurrence_id=occurrence_id).first()
    if occurrence is None:
        raise Http404("no such occurrence")
    local = occurrence.start_time.astimezone(ZoneInfo(event.timezone or "UTC"))
    form = OccurrenceForm(request.POST or None, initial={
        "start_date": local.date(), "start_time": local.time().replace(second=0), "duration": occurrence.duration,
        "agenda": event.agenda})
    if request.method == "POST" and form.is_valid():
        try:
            services.update(ui.write, request.account, request.user, event,
                            body=form.zoom_body(event.timezone or "UTC"), occurrence_id=occurrence_id)
        except services.EventWriteError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"Saved the occurrence of {local:%a %d %b %Y}.")
            return redirect(ui.url("detail", event.zoom_id))
    return render(request, ui.template("occurrence"),
                  base_context(ui, request, form=form, event=event, occurrence=occurrence, local_start=local))


def delete_page(ui: EventUI, request: HttpRequest, zoom_id: int) -> HttpResponse:
    event = event_or_404(ui, request, zoom_id)
    occurrences = [(o.occurrence_id, f"Only {o.start_time:%a %d %b %Y %H:%M} UTC")
                   for o in event.occurrences.exclude(status="deleted")]
    form = DeleteForm(request.POST or None, occurrences=occurrences, noun=ui.noun,
                      notify_host=ui.write.host_reminder is not None,
                      initial={"occurrence_id": request.GET.get("occurrence", "")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            remaining = services.delete(ui.write, request.account, request.user, event,
                                        occurrence_id=d["occurrence_id"] or None, notify_registrants=d["notify"],
                                        notify_host=d.get("notify_host", False))
        except services.EventWriteError as exc:
            show_error(form, exc)
        else:
            if d["occurrence_id"] and remaining is not None:
                messages.success(request, "Deleted the occurrence.")
                return redirect(ui.url("detail", event.zoom_id))
            messages.success(request, f"Deleted “{event.topic}”.")
            return redirect(ui.url("list"))
    return render(request, ui.template("delete"), base_context(ui, request, form=form, event=event))


def preview_fragment(ui: EventUI, request: HttpRequest) -> HttpResponse:
    """The occurrence dates of the recurrence fields as typed: computed here, no Zoom call."""
    form = for_preview(ui.form_class(request.POST or request.GET or None, account=request.account))
    preview = form.preview() if form.is_bound and form.is_valid() else None
    return render(request, ui.template("form") + "#preview", base_context(ui, request, form=form, preview=preview))


# --- the meetings URLs ------------------------------------------------------------------------


@requires("read")
def meeting_list(request: HttpRequest) -> HttpResponse:
    return list_page(MEETINGS, request)


@requires("read")
def meeting_count(request: HttpRequest) -> HttpResponse:
    return count_fragment(MEETINGS, request)


@requires("read")
def meeting_detail(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return detail_page(MEETINGS, request, zoom_id)


@requires("read")
def meeting_invitation(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return invitation_fragment(MEETINGS, request, zoom_id)


@requires("admin")
@require_POST
def meeting_start_link(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return start_link_fragment(MEETINGS, request, zoom_id)


@requires("admin")
def meeting_new(request: HttpRequest) -> HttpResponse:
    return new_page(MEETINGS, request)


@requires("admin")
def meeting_edit(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return edit_page(MEETINGS, request, zoom_id)


@requires("admin")
def meeting_delete(request: HttpRequest, zoom_id: int) -> HttpResponse:
    return delete_page(MEETINGS, request, zoom_id)


@requires("admin")
def meeting_preview(request: HttpRequest) -> HttpResponse:
    return preview_fragment(MEETINGS, request)
