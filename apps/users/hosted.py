"""What a Zoom user hosts, registered by the apps that mirror it (meetings, webinars).

The user's page lists them, and deleting a user with a transfer moves them to the new
host in the mirror. The users app names no model of those apps: they register here from
their ``AppConfig.ready()``. A hosted model has ``account``, ``host_zoom_id``, ``topic``,
``start_time`` and ``zoom_id``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True, kw_only=True)
class Hosted:
    name: str  # "meetings": the Removal flag that transfers them, and the page's test id
    label: str  # "Meetings"
    model: type[models.Model]


HOSTED: dict[str, Hosted] = {}


def register(hosted: Hosted) -> None:
    HOSTED[hosted.name] = hosted


def hosted_by(account, host_zoom_id: str, limit: int = 50) -> list[tuple[Hosted, list]]:
    return [(h, list(h.model.objects.filter(account=account, host_zoom_id=host_zoom_id)
                     .order_by("-start_time")[:limit]))
            for h in HOSTED.values()]


def transfer(account, from_zoom_id: str, to_zoom_id: str, names: set[str]) -> None:
    """Zoom moved them to another host (a delete with transfer): the mirror follows."""
    for name in names & HOSTED.keys():
        HOSTED[name].model.objects.filter(account=account, host_zoom_id=from_zoom_id).update(host_zoom_id=to_zoom_id)
