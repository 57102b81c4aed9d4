"""The inbox, bulk decisions with their progress page, and the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from apps.accounts.access import has_access, requires
from apps.lib.htmx import partial_or_page, polled
from apps.lib.paging import page_of
from apps.lib.selection import InvalidFilter, confirm_page, selected
from apps.registrants import decide as decisions
from apps.registrants import listing
from apps.registrants.imports import export as export_registrants
from apps.registrants.imports import find_event
from apps.registrants.listing import EventRef
from apps.registrants.models import Registrant

# What the table shows; the events' settings and recurrence (JSON) are not loaded for it.
TABLE_FIELDS = ("id", "meeting_id", "webinar_id", "email", "first_name", "last_name", "occurrence_ids",
                "custom_questions", "registered_at", "meeting__topic", "meeting__zoom_id", "webinar__topic",
                "webinar__zoom_id")


def table_row(r: Registrant) -> dict[str, object]:
    """One row's cells, formatted here: 50 rows of template lookups cost more than the query."""
    event = r.event
    kind = "meeting" if r.meeting_id else "webinar"
    answers = format_html_join("", "<dt>{}</dt><dd>{}</dd>",
                               ((q.get("title", ""), q.get("value", "")) for q in r.custom_questions
                                if isinstance(q, dict)))
    return {
        "pk": r.pk,
        "event": format_html('{} <small class="muted">{} {}</small>', event.topic, kind, event.zoom_id),
        "occurrences": ", ".join(map(str, r.occurrence_ids)) if r.occurrence_ids
        else mark_safe('<span class="muted">all</span>'),
        "name": f"{r.first_name} {r.last_name}",
        "email": r.email,
        "registered": r.registered_at.strftime("%Y-%m-%d %H:%M") if r.registered_at else "",
        "answers": format_html('<dl class="answers">{}</dl>', answers) if answers else "",
    }


DONE_MESSAGES = {"approve": "Approved", "deny": "Denied", "cancel": "Cancelled the registration of"}


def _inbox_url(querystring: str) -> str:
    return reverse("registrants:inbox") + (f"?{querystring}" if querystring else "")


@requires("registrants")
def inbox(request: HttpRequest) -> HttpResponse:
    filters = listing.parse_filters(request.GET, request.account)
    filters.fields["event"].widget.choices = listing.filter_event_choices(request.account)
    # No COUNT here: on a large mirror it costs more than the page; "select all" counts on demand.
    rows = listing.queryset(request.account, filters).select_related("meeting", "webinar").only(*TABLE_FIELDS)
    page = page_of(rows, request.GET.get("page"), listing.PAGE_SIZE)
    status = (filters.cleaned_data.get("status") if filters.is_valid() else "") or "pending"
    ctx = {
        "filters": filters,
        "page": page,
        "rows": [table_row(r) for r in page.object_list],
        "status": status,
        "querystring": listing.querystring(filters),
        "tabs": [(value, label, listing.querystring(filters, status=value))
                 for value, label in Registrant.Status.choices],
        "can_decide": has_access(request, "decide"),
        "can_add": has_access(request, "admin"),
        "actions": [("approve", "Approve"), ("deny", "Deny")] if status != "approved" else
                   [("deny", "Deny"), ("cancel", "Cancel registration")],
    }
    return partial_or_page(request, "registrants/inbox.html", ctx)


@requires("registrants")
def match_count(request: HttpRequest) -> HttpResponse:
    """How many registrants the filter selects (loaded next to "select all" on demand)."""
    count = listing.queryset(request.account, listing.parse_filters(request.GET, request.account)).count()
    return HttpResponse(str(count), content_type="text/plain")


@requires("decide")
@require_POST
def decide(request: HttpRequest) -> HttpResponse:
    querystring = request.POST.get("filter", "")
    back = _inbox_url(querystring)
    action = request.POST.get("action", "")
    if action not in decisions.TARGET:
        messages.error(request, "Choose Approve, Deny or Cancel registration.")
        return redirect(back)
    try:
        selection = selected(request, matching=lambda data: _matching_ids(request, data),
                             checked=lambda values: _checked_ids(request, values))
    except InvalidFilter:
        messages.error(request, "The filter is not valid: nothing was decided.")
        return redirect(back)
    ids = selection.ids
    if ids and not selection.confirmed(request):
        label, count = decisions.ACTION_LABELS[action], len(ids)
        return confirm_page(request, selection, noun="registrant",
                            heading=f"{label} {count} registrant{pluralize(count)}?",
                            button=f"{label} {count}", explanation=". Zoom is told in batches of 30 per event.",
                            post_to=reverse("registrants:decide"), back=back, hidden={"action": action})
    if not ids:
        messages.error(request, "Select at least one registrant.")
        return redirect(back)
    job = decisions.start_decision(request.account, ids, action, request.user)
    result = job.result or {}
    if not job.is_active and job.status == "succeeded" and not result.get("failed_count"):
        messages.success(request, f"{DONE_MESSAGES[action]} {result.get('decided', 0)} registrant(s).")
        return redirect(back)
    return redirect(reverse("registrants:decision", args=[job.pk]) + (f"?{querystring}" if querystring else ""))


def _matching_ids(request: HttpRequest, data: QueryDict):
    filters = listing.parse_filters(data, request.account)
    return listing.queryset(request.account, filters).values_list("pk", flat=True) if filters.is_valid() else None


def _checked_ids(request: HttpRequest, values: list[str]):
    try:
        wanted = {int(v) for v in values}
    except ValueError:
        wanted = set()
    return Registrant.objects.filter(account=request.account, pk__in=wanted).values_list("pk", flat=True)


def _job(request: HttpRequest, pk: int):
    job = decisions.decision_jobs(request.account).filter(pk=pk).first()
    if job is None:
        raise Http404("no such decision")
    return job


@requires("registrants")
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    ctx = {"job": job, "result": job.result or {},
           "action_label": decisions.ACTION_LABELS.get(job.params.get("action")),
           "back": _inbox_url(request.GET.urlencode()), "can_decide": has_access(request, "decide")}
    return polled(request, "registrants/decision.html", ctx, active=job.is_active)


@requires("decide")
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    failed = [f["id"] for f in (job.result or {}).get("failed", [])]
    ids = list(Registrant.objects.filter(account=request.account, pk__in=failed).values_list("pk", flat=True))
    if job.is_active or not ids:
        messages.error(request, "There is nothing to retry.")
        return redirect("registrants:decision", pk=job.pk)
    new = decisions.start_decision(request.account, ids, job.params["action"], request.user)
    return redirect("registrants:decision", pk=new.pk)


@requires("registrants")
def export(request: HttpRequest) -> HttpResponse:
    ref = EventRef.parse(request.GET.get("event", ""))
    if ref is None or find_event(request.account, ref) is None:
        messages.error(request, "Pick one event to export its registrants.")
        return redirect("registrants:inbox")
    return export_registrants(request.account, ref)
