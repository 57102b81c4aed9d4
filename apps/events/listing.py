"""The events tables' filters and query, read from the mirror only (no Zoom call).

The public names are the list contract every table of the project shares: ``PAGE_SIZE``,
``parse_filters``, ``queryset``, ``querystring`` and ``sort_links``; a page of the query is
``apps.lib.paging.page_of(qs, number, PAGE_SIZE)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.lib.paging import SlicePage
from apps.users.models import ZoomUser

from .types import EventType

PAGE_SIZE = 50
SORTS = {"start": ("start_time", "zoom_id"), "-start": ("-start_time", "-zoom_id"), "topic": ("topic", "zoom_id"),
         "-topic": ("-topic", "zoom_id"), "host": ("host_email", "start_time", "zoom_id"),
         "-host": ("-host_email", "start_time", "zoom_id")}
SORT_COLUMNS = [("start", "When"), ("topic", "Topic"), ("host", "Host")]
# What a table row shows: the page does not load the rest of the event.
ROW_FIELDS = ("zoom_id", "topic", "type", "start_time", "duration", "timezone", "host_zoom_id", "host_email",
              "settings", "recurrence")

HOST_CHOICES_TTL = 60  # seconds


def host_choices(account: ZoomAccount, event_type: EventType) -> list[tuple[str, str]]:
    """Users who host something (an account may have thousands of users), cached a minute:
    the subquery over every event costs more than the page, and a new host shows within it."""
    key = f"events:hosts:{event_type.model._meta.label_lower}:{account.pk}"
    hosts = cache.get(key)
    if hosts is None:
        hosting = event_type.model.objects.filter(account=account).values("host_zoom_id")
        hosts = list(ZoomUser.objects.filter(account=account, zoom_id__in=hosting).order_by("email")
                     .values_list("zoom_id", "email"))
        cache.set(key, hosts, HOST_CHOICES_TTL)
    return hosts


class ListFilter(forms.Form):
    when = forms.ChoiceField(choices=[("upcoming", "Upcoming"), ("past", "Past"), ("all", "All")], required=False,
                             label="Show")
    # A free value offered as a select: the cached hosts may lag a sync by a minute, and a
    # URL naming a new host must still filter.
    host = forms.CharField(required=False, max_length=64, widget=forms.Select)
    type = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    q = forms.CharField(required=False, max_length=200, label="Search topic")
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTS], required=False)

    def __init__(self, *args, account: ZoomAccount, event_type: EventType, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hosts = [("", "All hosts"), *host_choices(account, event_type)]
        wanted = str(self.data.get("host") or "")
        if wanted and wanted not in dict(hosts):
            hosts.append((wanted, wanted))
        self.fields["host"].widget.choices = hosts
        self.fields["type"].choices = [("", "All types"), *event_type.type_names.items()]


def parse_filters(data: Mapping[str, str], account: ZoomAccount, event_type: EventType) -> ListFilter:
    form = ListFilter(data, account=account, event_type=event_type)
    form.is_valid()
    return form


def upcoming_q(now: dt.datetime, floating_type: int) -> Q:
    # A recurring event without a fixed time is always upcoming; others until their last end.
    return Q(type=floating_type) | Q(ends_at__gte=now) | Q(ends_at__isnull=True, start_time__gte=now)


def queryset(account: ZoomAccount, filters: ListFilter, event_type: EventType) -> QuerySet:
    """The rows the filters select, sorted, with the columns a table row shows."""
    model = event_type.model
    if not filters.is_valid():
        return model.objects.none()  # the table says which filter is wrong
    data = filters.cleaned_data
    qs = model.objects.filter(account=account)
    when = data.get("when") or "upcoming"
    if when != "all":
        upcoming = upcoming_q(timezone.now(), event_type.floating_type)
        qs = qs.filter(upcoming) if when == "upcoming" else qs.exclude(upcoming)
    if data.get("host"):
        qs = qs.filter(host_zoom_id=data["host"])
    if data.get("type") is not None:
        qs = qs.filter(type=data["type"])
    if data.get("q"):
        qs = qs.filter(topic__icontains=data["q"])
    sort = data.get("sort") or ("-start" if when == "past" else "start")
    return qs.order_by(*SORTS[sort]).only(*ROW_FIELDS)


def host_emails(account: ZoomAccount, page: SlicePage) -> dict[str, str]:
    """Hosts of the page's rows (the list entry carries no email), in one query."""
    ids = {e.host_zoom_id for e in page.object_list if not e.host_email}
    if not ids:
        return {}
    return dict(ZoomUser.objects.filter(account=account, zoom_id__in=ids).values_list("zoom_id", "email"))


def querystring(filters: forms.Form, **override: str) -> str:
    """The filters as the URL keeps them: only the fields that are set, never the page
    unless ``override`` gives it."""
    data = {k: v for k, v in (filters.data.items() if hasattr(filters.data, "items") else []) if v and k != "page"}
    data.update(override)
    return urlencode({k: v for k, v in data.items() if v})


def sort_links(filters: forms.Form, columns: list[tuple[str, str]] = SORT_COLUMNS) -> list[tuple[str, str, str]]:
    """Each sortable column's label, the querystring that sorts by it (again: the other way)
    and its arrow when it is the current sort."""
    current = filters.cleaned_data.get("sort", "") if filters.is_valid() else ""
    links = []
    for key, label in columns:
        arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
        links.append((label, querystring(filters, sort=f"-{key}" if current == key else key), arrow))
    return links
