"""The operations table agrees with Zoom's specs (labels, page-size maxima)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.zoom.operations import OPERATIONS

SPEC_DIR = Path(os.environ.get("ZOOM_API_SPEC_DIR", Path(settings.BASE_DIR).parent / "shared" / "zoom-api"))
LABEL = re.compile(r"Rate Limit Label[^`]*`([^`]+)`")


def spec_operations() -> dict[tuple[str, str], dict]:
    if not SPEC_DIR.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Zoom's specs are missing at {SPEC_DIR}")
        pytest.skip(f"Zoom's specs are missing at {SPEC_DIR}")
    found = {}
    for name in ("meetings.openapi.json", "users.openapi.json"):
        spec = json.loads((SPEC_DIR / name).read_text())
        for path, ops in spec["paths"].items():
            for method, op in ops.items():
                if isinstance(op, dict) and "description" in op:
                    found[(method.upper(), path)] = op
    return found


def test_every_operation_in_the_specs_has_the_specs_label_and_page_size():
    spec = spec_operations()
    problems = []
    for key, op in OPERATIONS.items():
        if not op.in_spec:
            assert key not in spec, f"{key} is in the specs now: take its label from there"
            continue
        assert key in spec, f"{key} is not in Zoom's specs"
        match = LABEL.search(spec[key]["description"])
        if match and match.group(1).lower() != op.label.lower():
            problems.append(f"{key}: spec says {match.group(1)}, table says {op.label}")
        maxima = [
            p.get("schema", {}).get("maximum")
            for p in spec[key].get("parameters", [])
            if isinstance(p, dict) and p.get("name") == "page_size"
        ]
        if maxima and maxima[0] and op.page_size_max != maxima[0]:
            problems.append(f"{key}: spec page_size max {maxima[0]}, table {op.page_size_max}")
    assert problems == []


def test_only_reads_and_state_setting_writes_are_marked_safe_to_repeat():
    for (method, path), op in OPERATIONS.items():
        if method == "POST":
            assert not op.idempotent, path
        if method == "GET":
            assert op.idempotent, path
