"""Benchmark: approve 1,000 pending registrants spread over 10 events, at the sandbox with Pro limits.

Prints the status calls (target: the sum over events of ceil(n/30)), all calls including
the re-reads that confirm the decisions, seconds, and the floor the rate limits set.

    .venv/bin/python bench/approve.py
    .venv/bin/python bench/approve.py --events 10 --per-event 100 --workers 1

It starts its own sandbox and Celery worker on a temporary SQLite database and broker.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sync import REDIRECT_URI, point_at, setup_environment, start_workers, stop_workers  # noqa: E402

MEDIUM_PER_SECOND = 20  # Pro: the status call and the registrants list are both Medium


def seed(sandbox, events: int, per_event: int):
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from apps.connections.services import connect_from_code, environment_app
    from apps.jobs import services
    from apps.meetings.models import Meeting
    from apps.sandbox import demo
    from apps.zoom.client import ZoomClient
    from tests.helpers import authorization_code

    code = authorization_code(sandbox.url, demo.ADMIN_APP[0], demo.DEMO_ADMIN_EMAIL, REDIRECT_URI)
    conn, _ = connect_from_code(environment_app(), code, REDIRECT_URI)
    client = ZoomClient(conn)
    for e in range(events):
        data = client.call("POST", "/users/{userId}/meetings", userId="me", json={
            "topic": f"Bench event {e}", "type": 2, "start_time": "2027-03-01T15:00:00Z", "duration": 60,
            "settings": {"approval_type": 1, "registration_type": 1}})
        meeting = Meeting.objects.create(account=conn.account, zoom_id=data["id"], topic=data["topic"], type=2,
                                         settings={"approval_type": 1}, synced_at=timezone.now())
        for start in range(0, per_event, 30):
            rows = [{"email": f"p{e}-{i}@bench.example", "first_name": f"P{i}"}
                    for i in range(start, min(per_event, start + 30))]
            client.call("POST", "/meetings/{meetingId}/batch_registrants", meetingId=meeting.zoom_id,
                        json={"auto_approve": False, "registrants": rows})
        job, _ = services.enqueue("sync.registrants", conn.account, key=f"meeting:{meeting.zoom_id}",
                                  params={"event": "meeting", "zoom_id": meeting.zoom_id})
        services.run(job.pk)
    return conn.account


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--per-event", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-approve-"))
    setup_environment(tmp)
    import django

    django.setup()

    from apps.sandbox.testing import SandboxServer

    with SandboxServer(users=50) as sandbox:
        sandbox.reset(users=50, meetings=0, registrants=0)
        sandbox.set_limits("pro")
        point_at(sandbox)
        account = seed(sandbox, args.events, args.per_event)

        from apps.jobs.models import Job
        from apps.registrants.decide import start_decision
        from apps.registrants.models import Registrant

        ids = list(Registrant.objects.filter(account=account, status="pending").values_list("pk", flat=True))
        per_event = Registrant.objects.filter(account=account, status="pending").values_list("meeting_id", flat=True)
        counts: dict[int, int] = {}
        for meeting_id in per_event:
            counts[meeting_id] = counts.get(meeting_id, 0) + 1
        target = sum(math.ceil(n / 30) for n in counts.values())
        procs = start_workers(dict(os.environ), args.workers, tmp)
        try:
            time.sleep(1.1)  # let the seeding's rate windows pass
            sandbox.reset_calls()
            started = time.monotonic()
            job = start_decision(account, ids, "approve")
            while Job.objects.filter(pk=job.pk, status__in=Job.ACTIVE).exists():
                time.sleep(0.05)
            seconds = time.monotonic() - started
        finally:
            stop_workers(procs)
        job.refresh_from_db()
        calls = sandbox.calls()
        status_calls = sum(n for k, n in calls.items() if k.startswith("PUT ") and k.endswith("/registrants/status"))
        rereads = sum(n for k, n in calls.items() if k.startswith("GET ") and "/registrants" in k)
        total = sum(n for k, n in calls.items() if k.startswith(("GET ", "PUT ", "POST ", "PATCH ", "DELETE "))
                    and "/oauth/" not in k)
        floor = (status_calls + rereads) / MEDIUM_PER_SECOND
        print(f"approve {len(ids)} pending registrants over {len(counts)} events (Pro limits), job {job.status}")
        print(f"   decided (confirmed by re-read): {job.result.get('decided')}; "
              f"failed: {job.result.get('failed_count')}")
        print(f"   status calls: {status_calls} (target sum(ceil(n/30)) = {target})")
        print(f"   re-read calls: {rereads}; total Zoom calls: {total}")
        print(f"   seconds: {seconds:.2f}; floor set by the Medium limit ({MEDIUM_PER_SECOND}/s) for "
              f"{status_calls + rereads} calls: {floor:.2f}s")
        print(f"   mirror approved: {Registrant.objects.filter(account=account, status='approved').count()}")


if __name__ == "__main__":
    main()
