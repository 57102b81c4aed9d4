"""Read-only users pages: the table, a user's page, seat counts, picker suggestions, export."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from apps.accounts.access import has_access, requires
from apps.lib.htmx import partial_or_page
from apps.lib.paging import page_of
from apps.mirror.schedule import last_synced
from apps.users import listing
from apps.users.bulk import export as export_users
from apps.users.hosted import hosted_by
from apps.users.models import ZoomUser
from apps.users.sync import group_names

from .common import user_or_404

TYPE_LABELS = {2: "Licensed", 1: "Basic", 4: "Unassigned"}
STATUS_LABELS = dict(ZoomUser.Status.choices)


def table_rows(users) -> list[dict[str, object]]:
    """The table's cells, formatted here: per-row URL reversing and template lookups cost
    more than the query on a page of 50."""
    prefix = reverse("users:detail", args=["-"])[:-2]
    return [
        {
            "zoom_id": u.zoom_id,
            "url": f"{prefix}{quote(u.zoom_id, safe=RFC3986_SUBDELIMS + '~:@')}/",  # as reverse() quotes
            "name": f"{u.first_name} {u.last_name}".strip() or u.email,
            "email": u.email,
            "type": TYPE_LABELS.get(u.type, "None"),
            "role_name": u.role_name,
            "status": u.status,
            "status_label": STATUS_LABELS.get(u.status, u.status),
            "dept": u.dept,
            "last_login": u.last_login_time.strftime("%Y-%m-%d") if u.last_login_time else "",
            "last_login_iso": u.last_login_time.isoformat() if u.last_login_time else "",
        }
        for u in users
    ]


@requires("read")
def user_list(request: HttpRequest) -> HttpResponse:
    filters = listing.parse_filters(request.GET, request.account)
    page = page_of(listing.queryset(request.account, filters), request.GET.get("page"), listing.PAGE_SIZE)
    ctx = {
        "filters": filters,
        "page": page,
        "rows": table_rows(page.object_list),
        "querystring": listing.querystring(filters),
        "sorts": listing.sort_links(filters),
        "seats": listing.cached_seats(request.account),  # never a Zoom call here
        "list_url": reverse("users:list"),
        "can_write": has_access(request, "admin"),
        "types": ZoomUser.Type.choices[:3],
    }
    state = listing.querystring(filters, **({"page": page.number} if page.number > 1 else {}))
    return partial_or_page(request, "users/list.html", ctx, push=state)


@requires("read")
def match_count(request: HttpRequest) -> HttpResponse:
    """"N users match" and the last sync, loaded by the table after it shows: on a large
    account the COUNT costs the page more than its rows."""
    filters = listing.parse_filters(request.GET, request.account)
    return render(request, "components/match_count.html", {
        "noun": "user", "count": listing.queryset(request.account, filters).count(),
        "last_sync": last_synced(request.account, "sync.users")})


@requires("read")
def seats(request: HttpRequest) -> HttpResponse:
    """The seat counts fragment, loaded after the page: the one place that may call Zoom,
    at most once per listing.SEATS_TTL per account."""
    return render(request, "users/list.html#seats", {"seats": listing.seat_summary(request.account)})


@requires("read")
def user_detail(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    names = group_names(request.account)
    ctx = {
        "u": user,
        "hosted": hosted_by(request.account, user.zoom_id),
        "can_write": has_access(request, "admin"),
        "type_label": dict(ZoomUser.Type.choices).get(user.type, user.type),
        "groups": [names.get(g, g) for g in user.group_ids],
    }
    return render(request, "users/detail.html", ctx)


@requires("read")
def picker(request: HttpRequest) -> HttpResponse:
    """Suggestions for the transfer target: <option>s for the field's <datalist>."""
    found = listing.suggestions(request.account, request.GET.get("transfer_to") or request.GET.get("q", ""),
                                exclude=request.GET.get("exclude", ""))
    return render(request, "users/remove.html#suggestions", {"suggestions": found})


@requires("read")
def export(request: HttpRequest) -> HttpResponse:
    filters = listing.parse_filters(request.GET, request.account)
    return export_users(listing.queryset(request.account, filters), group_names(request.account))
