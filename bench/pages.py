"""Benchmark: page timings over a large mirror, next to a bare Django view of the same rows.

Seeds a temporary SQLite mirror with 50,000 registrants, 10,000 users, 2,000 meetings and 500
webinars (bulk_create, no Zoom), then prints p50/p95 and SQL queries of each list page (the
inbox, users, meetings, webinars: first page, a filter, a search, a deep page) and of a bare
view listing the same rows (one query, a template, no layout, no count). A page and its bare
view are timed alternately, so a busy moment of the machine weighs on both alike. The lists'
"N match" line is a second request (their count/ endpoints), not part of these figures. No Zoom
call is made (no sandbox runs).

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --registrants 100000 --runs 50
    .venv/bin/python bench/pages.py --registrants 1000 --only users meetings
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sync import setup_environment  # noqa: E402

# (label, inbox URL, the bare view's URL with the same rows)
PAGES = [
    ("inbox: first page", "/registrants/", "/bare/"),
    ("inbox: email-domain filter", "/registrants/?domain=d7.example", "/bare/?domain=d7.example"),
    ("inbox: search", "/registrants/?q=person4242", "/bare/?q=person4242"),
    ("inbox: deep page", "/registrants/?page=800", "/bare/?page=800"),
    ("users: first page", "/users/", "/bare-users/"),
    ("users: filter (licensed, dept)", "/users/?type=2&dept=Dept7", "/bare-users/?type=2&dept=Dept7"),
    ("users: search", "/users/?q=user4242", "/bare-users/?q=user4242"),
    ("users: deep page", "/users/?page=150", "/bare-users/?page=150"),
    ("meetings: upcoming", "/meetings/", "/bare-meetings/"),
    ("meetings: all, host filter", "/meetings/?when=all&host=u3", "/bare-meetings/?host=u3"),
    ("meetings: search", "/meetings/?when=all&q=Meeting 42", "/bare-meetings/?q=Meeting 42"),
    ("meetings: deep page", "/meetings/?when=all&page=40", "/bare-meetings/?page=40"),
    ("webinars: upcoming", "/webinars/", "/bare-webinars/"),
    ("webinars: all, host filter", "/webinars/?when=all&host=u3", "/bare-webinars/?host=u3"),
    ("webinars: search", "/webinars/?when=all&q=Webinar 42", "/bare-webinars/?q=Webinar 42"),
    ("webinars: deep page", "/webinars/?when=all&page=8", "/bare-webinars/?page=8"),
]
urlpatterns: list = []  # filled in main(): this module is the URLconf while the bench runs


def bare(request):
    """The least Django can do: one query for the page's rows, a template, no count."""
    from django.db.models import Q
    from django.http import HttpResponse
    from django.template import engines

    from apps.registrants.models import Registrant

    qs = Registrant.objects.filter(account=request.account, status="pending")
    if request.GET.get("domain"):
        qs = qs.filter(email__endswith="@" + request.GET["domain"])
    if request.GET.get("q"):
        word = request.GET["q"]
        qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    page = int(request.GET.get("page", 1))
    rows = qs.select_related("meeting", "webinar").order_by("-registered_at", "-id")[(page - 1) * 50: page * 50]
    template = engines["django"].from_string(
        "<table>{% for r in rows %}<tr><td>{{ r.event.topic }}</td><td>{{ r.first_name }} {{ r.last_name }}</td>"
        "<td>{{ r.email }}</td><td>{{ r.registered_at }}</td><td>{{ r.custom_questions }}</td></tr>"
        "{% endfor %}</table>")
    return HttpResponse(template.render({"rows": rows}))


def bare_users(request):
    """The users table's bare counterpart: one query for the page's rows, a template, no count."""
    from django.db.models import Q
    from django.http import HttpResponse
    from django.template import engines

    from apps.users.models import ZoomUser

    qs = ZoomUser.objects.filter(account=request.account)
    for name in ("type", "dept"):
        if request.GET.get(name):
            qs = qs.filter(**{name: request.GET[name]})
    if request.GET.get("q"):
        word = request.GET["q"]
        qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    page = int(request.GET.get("page", 1))
    rows = qs.order_by("last_name", "first_name", "email", "id")[(page - 1) * 50: page * 50]
    template = engines["django"].from_string(
        "<table>{% for u in rows %}<tr><td>{{ u.first_name }} {{ u.last_name }}</td><td>{{ u.email }}</td>"
        "<td>{{ u.type }}</td><td>{{ u.role_name }}</td><td>{{ u.status }}</td><td>{{ u.dept }}</td>"
        "<td>{{ u.last_login_time }}</td></tr>{% endfor %}</table>")
    return HttpResponse(template.render({"rows": rows}))


def bare_meetings(request):
    """The meetings table's bare counterpart: one query for the page's rows, a template, no count."""
    from apps.meetings.models import Meeting

    return bare_events(request, Meeting)


def bare_webinars(request):
    from apps.webinars.models import Webinar

    return bare_events(request, Webinar)


def bare_events(request, model):
    from django.http import HttpResponse
    from django.template import engines

    qs = model.objects.filter(account=request.account)
    if request.GET.get("host"):
        qs = qs.filter(host_zoom_id=request.GET["host"])
    if request.GET.get("q"):
        qs = qs.filter(topic__icontains=request.GET["q"])
    page = int(request.GET.get("page", 1))
    rows = qs.order_by("start_time", "zoom_id")[(page - 1) * 50: page * 50]
    template = engines["django"].from_string(
        "<table>{% for m in rows %}<tr><td>{{ m.start_time }}</td><td>{{ m.topic }}</td><td>{{ m.host_email }}</td>"
        "<td>{{ m.type }}</td><td>{{ m.duration }}</td><td>{{ m.settings.approval_type }}</td></tr>{% endfor %}"
        "</table>")
    return HttpResponse(template.render({"rows": rows}))


def seed_meetings(total: int) -> None:
    """``total`` meetings straight into the mirror: a third recurring, past and upcoming, 40 hosts."""
    from apps.meetings.models import Meeting

    seed_events(Meeting, total, "Meeting", (2, 8), 50_000_000)


def seed_webinars(total: int) -> None:
    """``total`` webinars, the same way (types 5 and 9)."""
    from apps.webinars.models import Webinar

    seed_events(Webinar, total, "Webinar", (5, 9), 90_000_000)


def seed_events(model, total: int, word: str, types: tuple[int, int], first_id: int) -> None:
    from django.utils import timezone

    from apps.accounts.models import ZoomAccount

    account = ZoomAccount.objects.get(zoom_account_id="bench")
    now = timezone.now()
    rows = []
    for i in range(total):
        start = now + dt.timedelta(hours=6 * (i - total // 4))
        rows.append(model(
            account=account, zoom_id=first_id + i, topic=f"{word} {i}", type=types[1] if i % 3 == 0 else types[0],
            host_zoom_id=f"u{i % 40}", host_email=f"user{i % 40}@bench.example", start_time=start, duration=60,
            timezone="UTC", settings={"approval_type": i % 3, "waiting_room": True}, synced_at=now,
            recurrence={"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 4} if i % 3 == 0 else None,
            ends_at=start + dt.timedelta(weeks=3 if i % 3 == 0 else 0, minutes=60), detailed=True))
    model.objects.bulk_create(rows, batch_size=2000)


def seed_users(total: int) -> None:
    """``total`` users straight into the mirror (no Zoom): types, statuses, departments, 12 named groups."""
    from django.utils import timezone

    from apps.accounts.models import ZoomAccount
    from apps.users.models import ZoomGroup, ZoomUser

    account = ZoomAccount.objects.get(zoom_account_id="bench")
    now = timezone.now()
    statuses = ["active"] * 37 + ["inactive", "pending"]
    ZoomUser.objects.bulk_create([ZoomUser(
        account=account, zoom_id=f"u{i}", email=f"user{i}@bench.example", first_name=f"User{i}",
        last_name=f"Bench{i % 997}", type=2 if i % 3 == 0 else 1, role_id="2", role_name="Member",
        status=statuses[i % len(statuses)], dept=f"Dept{i % 40}", group_ids=[f"g{i % 12}"], timezone="UTC",
        last_login_time=now - dt.timedelta(hours=i), synced_at=now) for i in range(total)], batch_size=2000)
    ZoomGroup.objects.bulk_create([ZoomGroup(account=account, zoom_id=f"g{i}", name=f"Team {i}",
                                             total_members=total // 12, synced_at=now) for i in range(12)])


def seed(total: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from apps.accounts.models import Membership, ZoomAccount
    from apps.meetings.models import Meeting
    from apps.registrants.models import Registrant

    call_command("migrate", verbosity=0)
    account = ZoomAccount.objects.create(zoom_account_id="bench", name="Bench")
    user = get_user_model().objects.create_user(username="admin@bench.example", email="admin@bench.example")
    Membership.objects.create(account=account, email=user.email, user=user, role="admin")
    now = timezone.now()
    meetings = [Meeting.objects.create(account=account, zoom_id=9000 + i, topic=f"Event {i}", type=2,
                                       settings={"approval_type": 1}, synced_at=now) for i in range(10)]
    batch = []
    for i in range(total):
        batch.append(Registrant(
            account=account, meeting=meetings[i % 10], zoom_id=f"r{i}", email=f"person{i}@d{i % 50}.example",
            first_name=f"Person{i}", last_name="Bench", status="approved" if i % 10 == 9 else "pending",
            registered_at=now - dt.timedelta(seconds=i), synced_at=now,
            custom_questions=[{"title": "Company", "value": f"Company {i % 300}"}]))
        if len(batch) == 5000:
            Registrant.objects.bulk_create(batch)
            batch = []
    Registrant.objects.bulk_create(batch)
    return user


def measure(client, url: str, bare_url: str, runs: int) -> tuple[tuple[float, float, int], tuple[float, float, int]]:
    """p50, p95 and queries of the page and of its bare view, timed alternately so that a
    busy moment of the machine weighs on both alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: dict[str, list[float]] = {url: [], bare_url: []}
    for target in times:
        client.get(target)  # warm up
    for _ in range(runs):
        for target, found in times.items():
            started = time.perf_counter()
            response = client.get(target)
            found.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (target, response.status_code)
    figures = []
    for target, found in times.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(target)
        found.sort()
        figures.append((statistics.median(found), found[max(0, round(0.95 * len(found)) - 1)], len(queries)))
    return figures[0], figures[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registrants", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=2_000)
    parser.add_argument("--webinars", type=int, default=500)
    parser.add_argument("--only", nargs="*", default=[], help="pages whose label contains one of these words")
    args = parser.parse_args()
    setup_environment(Path(tempfile.mkdtemp(prefix="bench-pages-")))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches, path

    from zoomadmin import urls

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    urlpatterns[:] = [path("bare/", _requires_read(bare)), path("bare-users/", _requires_read(bare_users)),
                      path("bare-meetings/", _requires_read(bare_meetings)),
                      path("bare-webinars/", _requires_read(bare_webinars)),
                      *urls.urlpatterns]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()

    started = time.monotonic()
    user = seed(args.registrants)
    print(f"seeded {args.registrants} registrants in {time.monotonic() - started:.1f}s (SQLite, temp DB)")
    started = time.monotonic()
    seed_users(args.users)
    print(f"seeded {args.users} users in {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    seed_meetings(args.meetings)
    print(f"seeded {args.meetings} meetings in {time.monotonic() - started:.1f}s")
    started = time.monotonic()
    seed_webinars(args.webinars)
    print(f"seeded {args.webinars} webinars in {time.monotonic() - started:.1f}s")
    client = Client()
    client.force_login(user)
    print(f"{'page':<30}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'bare p50':>10}"
          f"{'bare p95':>10}{'bare q':>8}{'ratio p50':>11}")
    for label, url, bare_url in PAGES:
        if args.only and not any(word in label for word in args.only):
            continue
        (p50, p95, q), (b50, b95, bq) = measure(client, url, bare_url, args.runs)
        print(f"{label:<30}{p50:>9.1f}{p95:>9.1f}{q:>9}{b50:>10.1f}{b95:>10.1f}{bq:>8}{p50 / b50:>11.2f}")
    print("targets: ratio <= 1.5, queries <= 10; no Zoom call (no sandbox is running)")


def _requires_read(view):
    from apps.accounts.access import requires

    return requires("read")(view)


if __name__ == "__main__":
    main()
