"""Fixtures for the sandbox's tests."""

from __future__ import annotations

from typing import Any

import pytest

from apps.sandbox import demo
from apps.sandbox.server import MIDDLEWARE


@pytest.fixture(autouse=True)
def sandbox_process_settings(settings: Any) -> None:
    """The same middleware as the sandbox process (none of the dashboard's)."""
    settings.MIDDLEWARE = MIDDLEWARE


@pytest.fixture
def zoom() -> dict[str, Any]:
    """Seeded demo data (seed 1, 20 users); needs django_db(databases=["sandbox"])."""
    return demo.reset(seed=1, users=20)
