"""The users table: filters, sort and paging over the mirror, the filter choices, and the
seat counts. Nothing here calls Zoom except ``seat_summary`` on a cache miss."""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import QueryDict

from apps.accounts.models import ZoomAccount
from apps.lib.listing import querystring as lib_querystring
from apps.zoom.connections import client_for
from apps.zoom.endpoints import users as zoom_users
from apps.zoom.errors import ZoomError

from .models import ZoomUser
from .sync import BUILTIN_ROLES, group_names

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
CHOICES_TTL = 300
# Pages must not call Zoom on every view (DESIGN.md): the seat counts come from
# GET /users/summary (Medium label) at most once per SEATS_TTL per account, cached on the server.
SEATS_TTL = 600
SEATS_FAILED_TTL = 60
SORTS = {
    "name": ("last_name", "first_name", "email", "id"),
    "-name": ("-last_name", "-first_name", "-email", "-id"),
    "email": ("email", "id"),
    "-email": ("-email", "-id"),
    "last_login": ("last_login_time", "id"),
    "-last_login": ("-last_login_time", "-id"),
    "type": ("type", "last_name", "id"),
    "status": ("status", "last_name", "id"),
    "dept": ("dept", "last_name", "id"),
}
FILTER_NAMES = ("q", "status", "type", "role", "dept", "group", "sort")


class UserFilters(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search name or email")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ZoomUser.Status.choices])
    type = forms.TypedChoiceField(required=False, coerce=int, empty_value=None,
                                  choices=[("", "Any type")] + [(t.value, t.label) for t in ZoomUser.Type])
    # Free values offered as a select: the cached choices may lag a sync by a few minutes,
    # and a URL naming a new department or group must still filter.
    role = forms.CharField(required=False, max_length=32, label="Role", widget=forms.Select)
    dept = forms.CharField(required=False, max_length=128, label="Department", widget=forms.Select)
    group = forms.CharField(required=False, max_length=64, label="Group", widget=forms.Select)
    sort = forms.ChoiceField(required=False, choices=[(k, k) for k in SORTS])

    def __init__(self, data: QueryDict, *, account: ZoomAccount):
        super().__init__(data)
        choices = filter_choices(account)
        offered = {"role": [("", "Any role")] + choices["roles"],
                   "dept": [("", "Any department")] + [(d, d) for d in choices["depts"]],
                   "group": [("", "Any group")] + choices["groups"]}
        for name, options in offered.items():
            value = str(data.get(name) or "")
            if value and value not in dict(options):
                options = [*options, (value, value)]
            self.fields[name].widget.choices = options


def _choices_key(account: ZoomAccount) -> str:
    return f"users:choices:{account.pk}"


def filter_choices(account: ZoomAccount) -> dict[str, list]:
    """Roles, departments and groups present in the mirror; cached a few minutes, since
    three DISTINCT scans per page view would cost more than the page itself at 10k users."""
    found = cache.get(_choices_key(account))
    if found is not None:
        return found
    users = ZoomUser.objects.filter(account=account).order_by()
    roles = dict(BUILTIN_ROLES)
    for rid, name in users.values_list("role_id", "role_name").distinct():
        if rid:
            roles[rid] = name or roles.get(rid, rid)
    groups = group_names(account)  # every group, even an empty one, by name
    for ids in users.exclude(group_ids=[]).values_list("group_ids", flat=True).distinct():
        groups.update({str(g): str(g) for g in ids or [] if str(g) not in groups})  # named by id until synced
    found = {
        "roles": sorted(roles.items()),
        "depts": sorted(d for d in users.exclude(dept="").values_list("dept", flat=True).distinct()),
        "groups": sorted(groups.items(), key=lambda item: (item[1].lower(), item[0])),
    }
    cache.set(_choices_key(account), found, CHOICES_TTL)
    return found


def forget_choices(account: ZoomAccount) -> None:
    cache.delete(_choices_key(account))


def parse_filters(data: QueryDict, account: ZoomAccount) -> UserFilters:
    return UserFilters({k: v for k, v in data.items() if k in FILTER_NAMES}, account=account)


def queryset(account: ZoomAccount, filters: UserFilters) -> QuerySet[ZoomUser]:
    qs = ZoomUser.objects.filter(account=account)
    if not filters.is_valid():
        return qs.none()
    f = filters.cleaned_data
    if f.get("q"):
        word = f["q"].strip()
        qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
                       | Q(display_name__icontains=word))
    for name in ("status", "dept"):
        if f.get(name):
            qs = qs.filter(**{name: f[name]})
    if f.get("type") is not None:
        qs = qs.filter(type=f["type"])
    if f.get("role"):
        qs = qs.filter(role_id=f["role"])
    if f.get("group"):
        # JSON "contains" is not portable to SQLite: match the quoted id in the list's text.
        qs = qs.annotate(groups_text=Cast("group_ids", TextField())).filter(groups_text__contains=f'"{f["group"]}"')
    return qs.order_by(*SORTS.get(f.get("sort") or "name", SORTS["name"]))


def querystring(filters: UserFilters, **override: Any) -> str:
    return lib_querystring(filters.data or {}, FILTER_NAMES, **override)


def sort_links(filters: UserFilters) -> dict[str, str]:
    """For each sortable column, the querystring that sorts by it (again: the other way)."""
    current = (filters.cleaned_data.get("sort") if filters.is_valid() else "") or "name"
    links = {}
    for key in ("name", "email", "last_login"):
        links[key] = querystring(filters, sort=f"-{key}" if current == key else key)
    return links


# --- seat counts ---------------------------------------------------------------------------------


def _seats_key(account: ZoomAccount) -> str:
    return f"users:seats:{account.pk}"


def cached_seats(account: ZoomAccount) -> dict[str, Any] | None:
    return cache.get(_seats_key(account))


def seat_summary(account: ZoomAccount) -> dict[str, Any]:
    """GET /users/summary, at most once per SEATS_TTL per account; a failure is kept a minute."""
    found = cached_seats(account)
    if found is not None:
        return found
    try:
        data = zoom_users.user_summary(client_for(account)) or {}
        found = {"ok": True, **{k: v for k, v in data.items() if isinstance(v, int)}}
        ttl = SEATS_TTL
    except ZoomError as exc:
        logger.info("users summary unavailable: %s", exc)
        found, ttl = {"ok": False, "error": exc.message}, SEATS_FAILED_TTL
    cache.set(_seats_key(account), found, ttl)
    return found


def forget_seats(account: ZoomAccount) -> None:
    cache.delete(_seats_key(account))


def after_write(account: ZoomAccount) -> None:
    """A write may change seats and choices: the next page view shows fresh figures."""
    forget_seats(account)
    forget_choices(account)


def suggestions(account: ZoomAccount, word: str, exclude: str = "", limit: int = 10) -> list[ZoomUser]:
    """Active users matching a few typed letters: the transfer picker's suggestions."""
    word = (word or "").strip()
    if len(word) < 2:
        return []
    qs = ZoomUser.objects.filter(account=account, status=ZoomUser.Status.ACTIVE).filter(
        Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if exclude:
        qs = qs.exclude(zoom_id=exclude)
    return list(qs.order_by("email")[:limit])
