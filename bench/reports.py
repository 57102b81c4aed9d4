"""Benchmark: a six-month active-hosts report at the sandbox with Pro limits.

Prints Zoom calls, seconds, the achieved Heavy rate against the allowed 10/s, then runs
the same report again: windows wholly in the past are reused (0 Zoom calls for them);
only the current month, still changing, is fetched again.

    .venv/bin/python bench/reports.py                 # 10,000 users
    .venv/bin/python bench/reports.py --users 2000

It starts its own sandbox and a Celery worker on a temporary SQLite database and broker;
nothing of a running `make run` is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from sync import REDIRECT_URI, point_at, setup_environment, start_workers, stop_workers  # noqa: E402

HEAVY_PER_SECOND = 10  # Pro


def run_once(sandbox, account, label: str) -> None:
    from apps.jobs.models import Job
    from apps.reports import services
    from apps.reports.types import TYPES
    from apps.reports.windows import add_months, zoom_today

    today = zoom_today(dt.datetime.now(dt.UTC))
    start, end = add_months(today, -6), today
    from apps.zoom.models import ZoomCallStat

    def throttled_so_far() -> int:
        return sum(ZoomCallStat.objects.filter(account=account).values_list("throttled", flat=True))

    throttled_before = throttled_so_far()
    sandbox.reset_calls()
    began = time.monotonic()
    job = services.start(account, None, TYPES["active_hosts"], {"start": start.isoformat(), "end": end.isoformat()})
    while True:
        time.sleep(0.2)
        job.refresh_from_db()
        if not job.is_active:
            break
    seconds = time.monotonic() - began
    calls = sandbox.calls()
    heavy = sum(v for k, v in calls.items() if k.startswith("GET /v2/report/"))
    throttled = throttled_so_far() - throttled_before
    windows = len(job.params["windows"])
    print(f"== {label}: {start} .. {end} ({windows} calendar-month windows)")
    print(f"   state: {job.status}{' ' + job.error if job.error else ''}; rows {job.result.get('rows')}; "
          f"pages fetched {job.result.get('pages')}; windows reused {job.result.get('reused')} of {windows}")
    print(f"   Zoom calls: {heavy} Heavy (report) calls; all calls by key: {calls}")
    rate = heavy / seconds if seconds else 0
    print(f"   seconds: {seconds:.1f}; achieved Heavy rate {rate:.1f}/s against {HEAVY_PER_SECOND}/s allowed "
          f"(floor for {heavy} calls: {heavy / HEAVY_PER_SECOND:.1f}s); 429s received: {throttled}")
    if Job.objects.filter(pk=job.pk, status="succeeded").exists():
        totals = job.result["totals"]
        print(f"   totals: {totals}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    setup_environment(tmp)
    import django

    django.setup()
    from django.core.management import call_command

    from apps.sandbox.testing import SandboxServer

    with SandboxServer(users=args.users) as sandbox:
        sandbox.reset(users=args.users, meetings=200, registrants=1000)
        sandbox.set_limits("pro")
        point_at(sandbox)
        call_command("migrate", verbosity=0)
        from apps.connections.services import connect_from_code, environment_app
        from apps.sandbox import demo
        from tests.helpers import authorization_code

        code = authorization_code(sandbox.url, demo.ADMIN_APP[0], demo.DEMO_ADMIN_EMAIL, REDIRECT_URI)
        account = connect_from_code(environment_app(), code, REDIRECT_URI)[0].account
        print(f"sandbox: {args.users} users (Pro limits: Heavy {HEAVY_PER_SECOND}/s)")
        procs = start_workers(dict(os.environ), 1, tmp)
        try:
            run_once(sandbox, account, "first run")
            run_once(sandbox, account, "same report again")
        finally:
            stop_workers(procs)


if __name__ == "__main__":
    main()
