"""The project's settings plus the example area (``tests/sandbox`` must be on PYTHONPATH)."""

from __future__ import annotations

from zoomadmin.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "example_area"]  # noqa: F405
