"""Zoom's vendored OpenAPI specs, as the endpoint areas name them (shared by the operations
test and the contract test).

The folder is ZOOM_API_SPEC_DIR, by default ``<BASE_DIR>/../shared/zoom-api``. Without the
folder the calling test skips, unless CI=true, where it fails. An area that names a file the
folder does not have always fails: the area (or the folder) is wrong.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from apps.zoom.endpoints import areas


def spec_dir() -> Path:
    return Path(os.environ.get("ZOOM_API_SPEC_DIR") or Path(settings.BASE_DIR).parent / "shared" / "zoom-api")


@cache
def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def area_specs() -> dict[str, dict[str, Any]]:
    """File name -> parsed spec, for every spec file an area names."""
    directory = spec_dir()
    if not directory.is_dir():
        message = f"Zoom's specs are missing at {directory} (set ZOOM_API_SPEC_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    missing = [f"area {a.name!r} ({a.module}) names {a.spec!r}" for a in areas()
               if a.spec and not (directory / a.spec).is_file()]
    if missing:
        pytest.fail(f"spec files named by apps/zoom/endpoints are not in {directory}: " + "; ".join(missing))
    return {name: _read(directory / name) for name in sorted({a.spec for a in areas() if a.spec})}


def spec_operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path template) -> the spec's operation object."""
    return {
        (method.upper(), path): op
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "patch", "delete") and isinstance(op, dict)
    }
