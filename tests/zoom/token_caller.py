"""Run as a separate process by the concurrency test: N threads ask for a token at once.

Usage: python -m tests.zoom.token_caller CONNECTION_ID THREADS
Prints one JSON list of the tokens received (the tokens are sandbox fakes).
"""

from __future__ import annotations

import json
import os
import sys
import threading


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoomadmin.settings")
    import django

    django.setup()
    from django.db import connection

    from apps.zoom.tokens import get_access_token

    connection_id, count = sys.argv[1], int(sys.argv[2])
    barrier = threading.Barrier(count)
    results: list[str] = []

    def call() -> None:
        barrier.wait()
        try:
            results.append(get_access_token(connection_id))
        except Exception as exc:  # reported to the parent test
            results.append(f"error: {type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
