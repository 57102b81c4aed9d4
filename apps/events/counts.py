"""The registrant counts an event's page shows. Registrants are a layer above events: the
registrants app provides the counting from its ``AppConfig.ready()``, so events names no
registrant model. Without it the page shows no counts."""

from __future__ import annotations

from collections.abc import Callable

from .models import ZoomEvent
from .types import EventType

# (the event, the registrant's foreign key to it) -> {status: how many}
RegistrantCounter = Callable[[ZoomEvent, str], dict[str, int]]

_counters: list[RegistrantCounter] = []


def provide_registrant_counts(counter: RegistrantCounter) -> None:
    _counters[:] = [counter]  # one provider: registering again (tests, reloads) replaces it


def registrant_counts(event_type: EventType, event: ZoomEvent) -> dict[str, int]:
    return _counters[0](event, event_type.registrant_fk) if _counters else {}
