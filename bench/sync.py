"""Benchmark: a full sync of the mirror at the sandbox with Pro limits.

Prints Zoom calls per label, the minimum number of calls the data needs at maximum
page sizes, seconds, the floor the rate limits set, and 429s received; then the same
sync by a naive client (sequential, default page size, no budget).

    .venv/bin/python bench/sync.py                      # 2,000 users, 400 meetings, 10,000 registrants
    .venv/bin/python bench/sync.py --users 10000 --meetings 2000 --registrants 50000
    .venv/bin/python bench/sync.py --skip-naive

It starts its own sandbox and Celery workers on a temporary SQLite database and
broker; nothing of a running `make run` is touched.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RATES = {"Light": 30, "Medium": 20, "Heavy": 10}  # Pro, per second
REDIRECT_URI = "http://127.0.0.1/settings/connect/callback/"


def setup_environment(tmp: Path) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "zoomadmin.settings",
        # Local use, like `make run`: the settings default to production, without the sandbox.
        "DEBUG": os.environ.get("DEBUG", "true"),
        "VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "ZOOM_PLAN": "pro",
        "LOG_LEVEL": "WARNING",
    })


def start_workers(env: dict[str, str], count: int, log_dir: Path) -> list[subprocess.Popen]:
    procs = []
    for i in range(count):
        log = open(log_dir / f"worker{i}.log", "wb")  # noqa: SIM115  (the worker writes to it until it stops)
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "zoomadmin", "worker", "--pool", "threads", "--concurrency", "4",
             "-n", f"bench{i}@%h", "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip",
             "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        ))
    time.sleep(3)
    return procs


def stop_workers(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)


def point_at(sandbox) -> None:
    """Aim the site's Zoom settings at the sandbox: in the environment for the workers this
    process starts, and in this process's settings, which are already loaded."""
    from django.conf import settings

    from apps.sandbox import demo

    zoom = {"ZOOM_OAUTH_BASE_URL": sandbox.url, "ZOOM_API_BASE_URL": sandbox.api_url,
            "ZOOM_CLIENT_ID": demo.ADMIN_APP[0], "ZOOM_CLIENT_SECRET": demo.ADMIN_APP[1]}
    os.environ.update(zoom)
    for name, value in zoom.items():
        setattr(settings, name, value)


def minimum_calls(account) -> Counter:
    """What this data needs at Zoom's maximum page sizes, from the (verified) mirror."""
    from django.db.models import Count

    from apps.meetings.models import Meeting
    from apps.registrants.models import Registrant
    from apps.users.models import ZoomGroup, ZoomUser
    from apps.webinars.models import Webinar

    need: Counter = Counter()
    for status in ("active", "inactive", "pending"):
        n = ZoomUser.objects.filter(account=account, status=status).count()
        need["Medium"] += max(1, math.ceil(n / 2000))
    need["Medium"] += max(1, math.ceil(ZoomGroup.objects.filter(account=account).count() / 300))  # group names
    hosts = ZoomUser.objects.filter(account=account).exclude(status="pending")
    for model in (Meeting, Webinar):
        per_host = dict(model.objects.filter(account=account).values_list("host_zoom_id").annotate(n=Count("id")))
        for host in hosts.values_list("zoom_id", flat=True):
            need["Medium"] += max(1, math.ceil(per_host.get(host, 0) / 300))
        need["Light"] += model.objects.filter(account=account).count()  # one detail each
    need["Medium"] += Webinar.objects.filter(account=account).count()  # panelists
    for field, model in (("meeting", Meeting), ("webinar", Webinar)):
        for event in model.objects.filter(account=account, settings__approval_type__in=[0, 1]):
            for status in ("pending", "approved", "denied"):
                n = Registrant.objects.filter(**{field: event}, status=status).count()
                need["Medium"] += max(1, math.ceil(n / 300))
    return need


def floor_seconds(calls: Counter) -> tuple[float, dict[str, float]]:
    per_label = {label: calls.get(label, 0) / rate for label, rate in RATES.items()}
    return max(per_label.values()), per_label


def run_our_sync(sandbox, workers: int, tmp: Path) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from apps.connections.services import connect_from_code, environment_app
    from apps.jobs.models import Job
    from apps.meetings.models import Meeting
    from apps.mirror.schedule import start_full_sync
    from apps.registrants.models import Registrant
    from apps.sandbox import demo
    from apps.users.models import ZoomUser
    from apps.webinars.models import Webinar
    from apps.zoom.models import ZoomCallStat
    from tests.helpers import authorization_code

    code = authorization_code(sandbox.url, demo.ADMIN_APP[0], demo.DEMO_ADMIN_EMAIL, REDIRECT_URI)
    conn, _ = connect_from_code(environment_app(), code, REDIRECT_URI)
    account = conn.account
    time.sleep(1.1)  # the connect call's second passes before the budget takes over
    sandbox.reset_calls()

    env = dict(os.environ)
    procs = start_workers(env, workers, tmp)
    try:
        started = time.monotonic()
        start_full_sync(account)
        while True:
            time.sleep(0.5)
            active = Job.objects.filter(account=account, status__in=Job.ACTIVE).count()
            chained = Job.objects.filter(account=account, kind__in=["sync.meetings", "sync.webinars"]).count()
            if not active and chained == 2:
                break
        seconds = time.monotonic() - started
    finally:
        stop_workers(procs)
    failed = list(Job.objects.filter(account=account, status="failed").values_list("kind", "error"))
    calls = Counter({k: v for k, v in sandbox.calls_by_label().items() if k in RATES})
    throttled = sum(ZoomCallStat.objects.filter(account=account).values_list("throttled", flat=True))
    need = minimum_calls(account)
    floor, per_label = floor_seconds(need)
    summary = sandbox.state()["accounts"][0]
    print("== our sync (budgeted, max page sizes, parallel jobs)")
    print(f"   mirrored: {ZoomUser.objects.filter(account=account).count()} users "
          f"(Zoom: {summary['users']}), {Meeting.objects.filter(account=account).count()} meetings, "
          f"{Webinar.objects.filter(account=account).count()} webinars, "
          f"{Registrant.objects.filter(account=account).count()} registrants")
    print(f"   calls per label: {dict(calls)}  total {sum(calls.values())}")
    print(f"   minimum calls:   {dict(need)}  total {sum(need.values())}"
          f"  -> ratio {sum(calls.values()) / max(1, sum(need.values())):.3f} (target <= 1.05)")
    print(f"   seconds: {seconds:.1f}; floor set by the rate limits: {floor:.1f} "
          f"({', '.join(f'{k} {v:.1f}s' for k, v in per_label.items())})"
          f"  -> ratio {seconds / max(floor, 0.001):.3f} (target <= 1.15)")
    print(f"   429s received: {throttled}; failed jobs: {failed or 'none'}")


def run_naive_sync(sandbox) -> None:
    """Sequential, default page size (30), no budget: what a simple script does."""
    import requests

    from apps.sandbox import demo
    from tests.helpers import authorization_code

    code = authorization_code(sandbox.url, demo.ADMIN_APP[0], demo.DEMO_ADMIN_EMAIL, REDIRECT_URI)
    token = requests.post(f"{sandbox.url}/oauth/token", auth=demo.ADMIN_APP, timeout=30, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}).json()["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    throttled = 0

    def get(path: str, **params):
        nonlocal throttled
        while True:
            answer = session.get(f"{sandbox.api_url}{path}", params=params, timeout=30)
            if answer.status_code == 429:
                throttled += 1
                time.sleep(1)
                continue
            answer.raise_for_status()
            return answer.json()

    def every(path: str, key: str, **params):
        token = ""
        while True:
            page = get(path, **params, **({"next_page_token": token} if token else {}))
            yield from page.get(key) or []
            token = page.get("next_page_token") or ""
            if not token:
                return

    time.sleep(1.1)
    sandbox.reset_calls()
    started = time.monotonic()
    users = [u for s in ("active", "inactive") for u in every("/users", "users", status=s)]
    list(every("/users", "users", status="pending"))
    for user in users:
        for kind in ("meetings", "webinars"):
            for event in every(f"/users/{user['id']}/{kind}", kind):
                detail = get(f"/{kind}/{event['id']}")
                if kind == "webinars":
                    get(f"/webinars/{event['id']}/panelists")
                if (detail.get("settings") or {}).get("approval_type") in (0, 1):
                    for status in ("pending", "approved", "denied"):
                        list(every(f"/{kind}/{event['id']}/registrants", "registrants", status=status))
    seconds = time.monotonic() - started
    calls = {k: v for k, v in sandbox.calls_by_label().items() if k in RATES}
    print("== naive sync (sequential, default page size, no budget)")
    print(f"   calls per label: {calls}  total {sum(calls.values())}")
    print(f"   seconds: {seconds:.1f}; 429s received: {throttled}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=400)
    parser.add_argument("--registrants", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (4 threads each)")
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    setup_environment(tmp)
    import django

    django.setup()

    from apps.sandbox.testing import SandboxServer

    with SandboxServer(users=args.users) as sandbox:
        sandbox.reset(users=args.users, meetings=args.meetings, registrants=args.registrants)
        sandbox.set_limits("pro")
        point_at(sandbox)
        print(f"sandbox: {args.users} users, {args.meetings} events, {args.registrants} registrants (Pro limits)")
        run_our_sync(sandbox, args.workers, tmp)
        if not args.skip_naive:
            run_naive_sync(sandbox)


if __name__ == "__main__":
    main()
