"""Zoom's API, one module per area: the operations it uses and small typed functions over them.

Each module here (``users.py``, ``registrants.py``, ...) declares ``AREA = Area(...)``: its
operations (method, path template, rate-limit label, page-size maximum, safe to repeat) and
the vendored spec file that covers them, or ``spec=None`` for Zoom APIs whose spec is not in
../shared/zoom-api (the Accounts API: roles, dashboards). Next to them are the area's
endpoint functions: they take a ``ZoomClient`` and plain arguments, build the path and the
request body, and return Zoom's answer as plain data. No business logic, audit or database.

The package finds its modules itself, so adding an area is adding a file; modules whose name
starts with "_" are helpers, not areas. ``apps.zoom.operations`` builds the one table the
client reads from ``operations()``.

Area modules import ``ZoomClient`` only for type checking: the client imports the table,
which imports the areas.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from types import ModuleType
from typing import Any, Literal

LIGHT = "Light"
MEDIUM = "Medium"
HEAVY = "Heavy"
RESOURCE_INTENSIVE = "Resource-intensive"
LABELS = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # Zoom's path template, e.g. "/users/{userId}"
    label: str
    page_size_max: int | None = None  # None: not a paginated list
    # A repeat after a lost answer does no harm (reads; PUT/PATCH/DELETE that set a state).
    idempotent: bool = False
    # Filled in by the Area from its spec: tests check labels and maxima against that file.
    spec: str | None = None
    area: str = ""

    @property
    def in_spec(self) -> bool:
        return self.spec is not None

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


@dataclass(frozen=True)
class Area:
    """One area of Zoom's API as the dashboard uses it."""

    name: str
    spec: str | None  # vendored file in ../shared/zoom-api covering every operation, or None
    operations: tuple[Operation, ...]
    # Where the operations are documented when no vendored spec covers them (labels come from there).
    source: str = ""
    module: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.spec is None and not self.source:
            raise ValueError(f"area {self.name!r} has no vendored spec: say where its operations are documented")
        stamped = tuple(replace(op, method=op.method.upper(), spec=self.spec, area=self.name) for op in self.operations)
        object.__setattr__(self, "operations", stamped)


@dataclass(frozen=True)
class Listing:
    """A Zoom list walked with ``ZoomClient.pages``/``paginate``: its path and the key of its items.

    ``id_param`` names the path's one parameter, if any, so callers need not know Zoom's spelling.
    """

    path: str
    key: str
    id_param: str | None = None

    def path_params(self, value: Any = None) -> dict[str, Any]:
        if self.id_param is None:
            return {}
        return {self.id_param: value}


# --- meetings and webinars: Zoom spells most event endpoints twice --------------------------------

Kind = Literal["meeting", "webinar"]
KINDS: tuple[Kind, ...] = ("meeting", "webinar")
_EVENT_BASE: dict[str, tuple[str, str]] = {
    "meeting": ("/meetings/{meetingId}", "meetingId"),
    "webinar": ("/webinars/{webinarId}", "webinarId"),
}


def event_path(kind: Kind, suffix: str = "") -> tuple[str, str]:
    """(path template, its id parameter) of an event endpoint: ``event_path("webinar", "/registrants")``."""
    try:
        base, param = _EVENT_BASE[kind]
    except KeyError:
        raise ValueError(f"kind must be 'meeting' or 'webinar', not {kind!r}") from None
    return base + suffix, param


def per_kind(method: str, suffix: str, label: str, page_size_max: int | None = None,
             idempotent: bool = False) -> tuple[Operation, ...]:
    """The same operation for meetings and webinars (labels agree in Zoom's spec; the test checks)."""
    return tuple(Operation(method, event_path(kind, suffix)[0], label, page_size_max, idempotent) for kind in KINDS)


# --- the registry -------------------------------------------------------------------------------


def area_modules() -> list[ModuleType]:
    """Every area module of this package, imported, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if not isinstance(getattr(module, "AREA", None), Area):
            raise ImportError(f"{module.__name__} declares no AREA = Area(...): name helper modules with a leading _")
        found.append(module)
    return found


@cache
def areas() -> tuple[Area, ...]:
    return tuple(replace(m.AREA, module=m.__name__) for m in area_modules())


def build_table(all_areas: Iterable[Area]) -> dict[tuple[str, str], Operation]:
    table: dict[tuple[str, str], Operation] = {}
    for area in all_areas:
        for op in area.operations:
            if op.key in table:
                raise ValueError(f"{op.method} {op.path} is declared by areas {table[op.key].area!r} and {area.name!r}")
            table[op.key] = op
    return table


@cache
def operations() -> dict[tuple[str, str], Operation]:
    """(METHOD, path template) -> Operation, over every area."""
    return build_table(areas())


def spec_files() -> list[str]:
    """The vendored spec files the areas name."""
    return sorted({a.spec for a in areas() if a.spec})
