"""Settings → Audit log: filter, page, export as CSV."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from ..access import requires
from ..forms import AuditFilterForm
from ..models import AuditEvent

CSV_COLUMNS = ["created_at", "actor", "action", "target_type", "target_id", "target", "result", "zoom_status", "zoom_code", "message"]


def filtered_events(request: HttpRequest, form: AuditFilterForm) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(account=request.account)
    if not form.is_valid():
        return events.none()
    data = form.cleaned_data
    if data["q"]:
        q = data["q"]
        events = events.filter(Q(actor_label__icontains=q) | Q(action__icontains=q) | Q(target_label__icontains=q))
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["result"]:
        events = events.filter(result=data["result"])
    if data["since"]:
        events = events.filter(created_at__date__gte=data["since"])
    if data["until"]:
        events = events.filter(created_at__date__lte=data["until"])
    return events


# Cells a spreadsheet would run as a formula: labels and messages can come from outside
# (meeting topics, registrants' names), so such text is exported with a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: QuerySet[AuditEvent]):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for e in events.iterator(chunk_size=2000):
        yield writer.writerow([csv_safe(value) for value in (
            e.created_at.isoformat(), e.actor_label, e.action, e.target_type, e.target_id,
            e.target_label, e.result, e.zoom_status or "", e.zoom_code or "", e.message,
        )])


@requires("admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    events = filtered_events(request, form)
    if request.GET.get("export") == "csv":
        response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv")
        stamp = dt.date.today().isoformat()
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response
    page = Paginator(events.select_related("actor"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "actions": AuditEvent.objects.filter(account=request.account).order_by().values_list("action", flat=True).distinct(),
        "tab": "audit",
    }
    template = "accounts/settings/audit.html#results" if request.htmx else "accounts/settings/audit.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
