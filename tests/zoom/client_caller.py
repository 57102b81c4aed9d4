"""Run as a separate process by the shared-budget test: N calls of GET /users/me.

Usage: python -m tests.zoom.client_caller CONNECTION_ID CALLS
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoomadmin.settings")
    import django

    django.setup()
    from apps.zoom.client import ZoomClient

    client = ZoomClient(sys.argv[1])
    for _ in range(int(sys.argv[2])):
        client.get_me()
    print("done")


if __name__ == "__main__":
    main()
