"""Benchmark: intake of POST /webhooks/zoom/ (verify + store + enqueue, answered) next to a
bare Django view that only stores the body, both served by the same gunicorn in one run.

Prints requests per second, p50 and p99 answer times, and our share of the bare rate
(target: at least 0.5).

    .venv/bin/python bench/webhooks.py                 # 3,000 requests each, 8 clients, 4 workers
    .venv/bin/python bench/webhooks.py --requests 5000 --clients 16 --workers 8

Runs on a temporary SQLite database and filesystem broker (no worker: the apply tasks
just queue up); nothing of a running `make run` is touched.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SECRET = "bench-webhook-secret"
ACCOUNT_ID = "bench-account-0001"


def environment(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.webhook_settings",
        "VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "TOKEN_ENCRYPTION_KEYS": base64.urlsafe_b64encode(b"b" * 32).decode(),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from apps.accounts.models import ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection

    account = ZoomAccount.objects.create(zoom_account_id=ACCOUNT_ID, name="Bench")
    # Two secrets, the right one second: the rotation case, the most work per request.
    app = ZoomOAuthApp.objects.create(kind="s2s", client_id="bench", client_secret="x",
                                      webhook_secret_token=f"old-secret,{SECRET}")
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "zoomadmin.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=open(log, "wb"),  # noqa: SIM115  (gunicorn writes to it until it stops) stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/bare/", timeout=1)
            return proc
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start:\n" + log.read_text()[-2000:])


def deliveries(start: int, count: int) -> list[tuple[bytes, dict[str, str]]]:
    """Signed registration events, as Zoom sends them (signed before the clock starts)."""
    out = []
    ts = str(int(time.time()))
    for n in range(start, start + count):
        body = {"event": "meeting.registration_created", "event_ts": int(time.time() * 1000) + n,
                "payload": {"account_id": ACCOUNT_ID, "object": {
                    "id": 85000000000 + n % 50, "uuid": "bench", "host_id": "h", "topic": "Bench", "type": 2,
                    "registrant": {"id": f"r{n}", "email": f"person{n}@example.com", "first_name": "P",
                                   "last_name": str(n), "status": "pending"}}}}
        raw = json.dumps(body).encode()
        sig = "v0=" + hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256).hexdigest()
        out.append((raw, {"content-type": "application/json", "x-zm-request-timestamp": ts,
                          "x-zm-signature": sig}))
    return out


def client(args: tuple[str, list[tuple[bytes, dict[str, str]]]]) -> tuple[list[float], int]:
    url, batch = args
    session = requests.Session()
    latencies, errors = [], 0
    for raw, headers in batch:
        started = time.perf_counter()
        answer = session.post(url, data=raw, headers=headers, timeout=30)
        latencies.append(time.perf_counter() - started)
        errors += answer.status_code != 200
    return latencies, errors


def measure(pool: ProcessPoolExecutor, url: str, events: list, clients: int) -> dict[str, float]:
    shares = [events[i::clients] for i in range(clients)]
    started = time.perf_counter()
    results = list(pool.map(client, [(url, share) for share in shares]))
    elapsed = time.perf_counter() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    return {"rate": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "errors": sum(e for _, e in results),
            "n": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-webhooks-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment(tmp)
        prepare(env)
        port = free_port()
        server = serve(env, port, args.workers, tmp / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        try:
            with ProcessPoolExecutor(args.clients) as pool:
                warm = deliveries(10**6, 200)
                measure(pool, base + "/bare/", warm, args.clients)
                measure(pool, base + "/webhooks/zoom/", warm, args.clients)
                bare = measure(pool, base + "/bare/", deliveries(0, args.requests), args.clients)
                ours = measure(pool, base + "/webhooks/zoom/", deliveries(args.requests, args.requests), args.clients)
        finally:
            server.terminate()
            server.wait(timeout=10)
        from apps.webhooks.models import WebhookEvent

        stored = WebhookEvent.objects.exclude(event_type="bare").count()
    print(f"{args.requests} signed events each, {args.clients} client processes, gunicorn {args.workers} sync workers,"
          f" SQLite, filesystem broker")
    print(f"{'view':<42}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-200':>9}")
    print(f"{'bare (store the body)':<42}{bare['rate']:>9.0f}{bare['p50']:>9.1f}{bare['p99']:>9.1f}{bare['errors']:>9}")
    print(f"{'/webhooks/zoom/ (verify+store+enqueue)':<42}{ours['rate']:>9.0f}{ours['p50']:>9.1f}{ours['p99']:>9.1f}"
          f"{ours['errors']:>9}")
    ratio = ours["rate"] / bare["rate"]
    print(f"our intake is {ratio:.2f} of the bare view's rate (target >= 0.50): {'OK' if ratio >= 0.5 else 'BELOW'}")
    print(f"events stored by the endpoint: {stored} (expected {args.requests + 200})")


if __name__ == "__main__":
    main()
