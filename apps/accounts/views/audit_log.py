"""Settings → Audit log: filter, page, export as CSV."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from apps.lib.exports import Column, csv_response
from apps.lib.htmx import partial_or_page

from .. import listing
from ..access import requires

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
    form = listing.parse_filters(request.GET, request.account)
    events = listing.queryset(request.account, form)
    if request.GET.get("export") == "csv":
        return csv_response(f"audit-log-{dt.date.today().isoformat()}.csv", CSV_COLUMNS,
                            events.iterator(chunk_size=2000))
    page = Paginator(events.select_related("actor"), listing.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": listing.querystring(form),
        "tab": "audit",
    }
    return partial_or_page(request, "accounts/settings/audit.html", context, partial="results")
