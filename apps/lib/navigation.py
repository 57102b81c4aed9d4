"""The header's sections, registered by each app from its ``AppConfig.ready()``.

A section names its label, its URL name and the access level it needs; the header shows
the sections the signed-in role may open, in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    access: str  # an access level of apps.accounts.access ("read", "registrants", "admin", ...)
    order: int = 50
    # A count shown beside the label (pending registrants): called with the request once
    # its access is checked; None or 0 shows nothing. ``badge_name`` names it for tests and
    # screen readers ("pending" -> "12 pending").
    badge: Callable[[Any], int | None] | None = None
    badge_name: str = ""
    badge_title: str = ""


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    if section.url_name in SECTIONS and SECTIONS[section.url_name] != section:
        raise ValueError(f"navigation section {section.url_name!r} is registered twice")
    SECTIONS[section.url_name] = section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.label))
