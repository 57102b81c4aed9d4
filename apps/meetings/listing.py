"""The events table's filters and query, read from the mirror only (no Zoom call)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from apps.accounts.models import ZoomAccount
from apps.users.models import ZoomUser
from apps.lib.paging import SlicePage
from apps.lib.paging import page_of as mirror_page_of

from .models import ZoomEvent

PAGE_SIZE = 50
SORTS = {"start": ("start_time", "zoom_id"), "-start": ("-start_time", "-zoom_id"), "topic": ("topic", "zoom_id"),
         "-topic": ("-topic", "zoom_id"), "host": ("host_email", "start_time", "zoom_id"),
         "-host": ("-host_email", "start_time", "zoom_id")}
TYPE_NAMES = {2: "Scheduled", 3: "Recurring, no fixed time", 8: "Recurring", 5: "Scheduled", 6: "Recurring, no fixed time",
              9: "Recurring"}


HOST_CHOICES_TTL = 60  # seconds


def host_choices(account: ZoomAccount, model: type[ZoomEvent]) -> list[tuple[str, str]]:
    """Users who host something (an account may have thousands of users), cached a minute:
    the subquery over every event costs more than the page, and a new host shows within it."""
    key = f"events:hosts:{model._meta.label_lower}:{account.pk}"
    hosts = cache.get(key)
    if hosts is None:
        hosting = model.objects.filter(account=account).values("host_zoom_id")
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

    def __init__(self, *args, account: ZoomAccount, model: type[ZoomEvent], types: tuple[int, int, int] = (2, 3, 8),
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hosts = [("", "All hosts"), *host_choices(account, model)]
        wanted = str(self.data.get("host") or "")
        if wanted and wanted not in dict(hosts):
            hosts.append((wanted, wanted))
        self.fields["host"].widget.choices = hosts
        self.fields["type"].choices = [("", "All types"), *((t, TYPE_NAMES[t]) for t in types)]


def parse(params: QueryDict, account: ZoomAccount, model: type[ZoomEvent],
          types: tuple[int, int, int] = (2, 3, 8)) -> ListFilter:
    form = ListFilter(params, account=account, model=model, types=types)
    form.is_valid()
    return form


def upcoming_q(now: dt.datetime, floating_type: int) -> Q:
    # A recurring event without a fixed time is always upcoming; others until their last end.
    return Q(type=floating_type) | Q(ends_at__gte=now) | Q(ends_at__isnull=True, start_time__gte=now)


def queryset(model: type[ZoomEvent], account: ZoomAccount, form: ListFilter, floating_type: int = 3) -> QuerySet:
    if not form.is_valid():
        return model.objects.none()  # the table says which filter is wrong
    data = form.cleaned_data
    qs = model.objects.filter(account=account)
    when = data.get("when") or "upcoming"
    if when != "all":
        upcoming = upcoming_q(timezone.now(), floating_type)
        qs = qs.filter(upcoming) if when == "upcoming" else qs.exclude(upcoming)
    if data.get("host"):
        qs = qs.filter(host_zoom_id=data["host"])
    if data.get("type") is not None:
        qs = qs.filter(type=data["type"])
    if data.get("q"):
        qs = qs.filter(topic__icontains=data["q"])
    sort = data.get("sort") or ("-start" if when == "past" else "start")
    return qs.order_by(*SORTS[sort])


def page_of(qs: QuerySet, number: str | None) -> SlicePage:
    shown = qs.only("zoom_id", "topic", "type", "start_time", "duration", "timezone", "host_zoom_id", "host_email",
                    "settings", "recurrence")
    return mirror_page_of(shown, number, PAGE_SIZE)


def host_emails(account: ZoomAccount, page: SlicePage) -> dict[str, str]:
    """Hosts of the page's rows (the list entry carries no email), in one query."""
    ids = {e.host_zoom_id for e in page.object_list if not e.host_email}
    if not ids:
        return {}
    return dict(ZoomUser.objects.filter(account=account, zoom_id__in=ids).values_list("zoom_id", "email"))


def querystring(form: ListFilter, **override: str) -> str:
    data = {k: v for k, v in (form.data.items() if hasattr(form.data, "items") else []) if v and k != "page"}
    data.update({k: v for k, v in override.items()})
    return urlencode({k: v for k, v in data.items() if v})


def sort_links(form: ListFilter, columns: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Each sortable column's label, the querystring that sorts by it (again: the other way)
    and its arrow when it is the current sort."""
    current = form.cleaned_data.get("sort", "") if form.is_valid() else ""
    links = []
    for key, label in columns:
        arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
        links.append((label, querystring(form, sort=f"-{key}" if current == key else key), arrow))
    return links
