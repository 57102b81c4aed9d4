"""Settings → Audit log: filter, page, export as CSV."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from apps.lib.exports import Column, csv_response
from apps.lib.htmx import partial_or_page

from ..access import requires
from ..forms import AuditFilterForm
from ..models import AuditEvent

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


CSV_COLUMNS = [
    Column("created_at", lambda e: e.created_at.isoformat(), exact=True),
    Column("actor", lambda e: e.actor_label),
    Column("action", lambda e: e.action),
    Column("target_type", lambda e: e.target_type),
    Column("target_id", lambda e: e.target_id, exact=True),
    Column("target", lambda e: e.target_label),
    Column("result", lambda e: e.result),
    Column("zoom_status", lambda e: e.zoom_status or "", exact=True),
    Column("zoom_code", lambda e: e.zoom_code or "", exact=True),
    Column("message", lambda e: e.message),
]


@requires("admin")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    events = filtered_events(request, form)
    if request.GET.get("export") == "csv":
        return csv_response(f"audit-log-{dt.date.today().isoformat()}.csv", CSV_COLUMNS,
                            events.iterator(chunk_size=2000))
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
    return partial_or_page(request, "accounts/settings/audit.html", context, partial="results")
