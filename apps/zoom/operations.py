"""The Zoom operations the dashboard uses: rate-limit label, page-size maximum, and
whether repeating the call is safe.

Each area declares its own operations in ``apps/zoom/endpoints/<area>.py``; this module is
the one table the client looks calls up in, built from those. Labels and maxima are read off
Zoom's OpenAPI specs (each operation's description carries "Rate Limit Label");
tests/zoom/test_operations.py checks every area against the spec file it names, so the table
cannot drift. Areas without a vendored spec (roles, /metrics: the Accounts API) follow Zoom's
documentation.
"""

from __future__ import annotations

from .endpoints import HEAVY, LABELS, LIGHT, MEDIUM, RESOURCE_INTENSIVE, Operation, operations

__all__ = ["HEAVY", "LABELS", "LIGHT", "MEDIUM", "OPERATIONS", "RESOURCE_INTENSIVE", "Operation", "operation"]

OPERATIONS: dict[tuple[str, str], Operation] = operations()


def operation(method: str, path: str) -> Operation:
    try:
        return OPERATIONS[(method.upper(), path)]
    except KeyError:
        raise KeyError(
            f"{method} {path} is not a known Zoom operation: declare it in its area, apps/zoom/endpoints/<area>.py"
        ) from None
