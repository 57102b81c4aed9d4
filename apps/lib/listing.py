"""What every filtered list shares besides paging (``paging``) and the htmx contract (``htmx``).

Each list's own ``listing.py`` has the same public names: ``PAGE_SIZE``,
``parse_filters(data, account)`` (a bound filter form), ``queryset(account, filters)`` (the
rows the filters select, in the list's order; invalid filters select nothing, so a bad value
never widens a bulk action), ``querystring(filters, **override)`` (the filters as the URL
carries them) and, where columns sort, ``sort_links(filters)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode


def querystring(data: Mapping[str, Any], names: Iterable[str], **override: Any) -> str:
    """The list's filters as a clean querystring: only its own fields, no empty ones, never
    the page (a changed filter starts again on page 1 unless ``page`` is overridden)."""
    raw = {name: data.get(name, "") for name in names}
    raw.update(override)
    return urlencode({k: str(v) for k, v in raw.items() if v not in ("", None)})
