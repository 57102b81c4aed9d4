"""The contract test records every exchange of the session: set up before any test runs.

Loaded at collection time (before any fixture starts a sandbox), this points
``SandboxServer`` at a directory for its recordings (ZOOM_CONTRACT_RECORD_DIR: one file
per sandbox process) and makes this process record the exchanges of the tests that use
Django's test client on the sandbox's URLs (SANDBOX_RECORD_PATH). The contract test
itself is moved to the end of the run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

RECORD_DIR = Path(os.environ.setdefault("ZOOM_CONTRACT_RECORD_DIR", tempfile.mkdtemp(prefix="zoom-contract-")))
RECORD_DIR.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("SANDBOX_RECORD_PATH", str(RECORD_DIR / "in-process.jsonl"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the contract test last, whatever the order of the command line."""
    here = Path(__file__).parent
    items.sort(key=lambda item: Path(str(item.fspath)).is_relative_to(here))
