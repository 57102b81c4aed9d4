"""The audit log's list (Settings → Audit log): filters, rows, querystring.

The same public names as every list's ``listing.py`` (apps/lib/listing.py).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict

from apps.lib.listing import querystring as lib_querystring

from .forms import AuditFilterForm
from .models import AuditEvent, ZoomAccount

PAGE_SIZE = 50


def parse_filters(data: QueryDict, account: ZoomAccount | None = None) -> AuditFilterForm:
    return AuditFilterForm(data)


def queryset(account: ZoomAccount, filters: AuditFilterForm) -> QuerySet[AuditEvent]:
    """The account's events the filters select, newest first; invalid filters select none."""
    events = AuditEvent.objects.filter(account=account)
    if not filters.is_valid():
        return events.none()
    data = filters.cleaned_data
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


def querystring(filters: AuditFilterForm, **override: str) -> str:
    return lib_querystring(filters.data, filters.fields, **override)
