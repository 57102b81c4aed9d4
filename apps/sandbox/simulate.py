"""Simulated traffic for tests and benchmarks: people registering at a given rate."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from django.db import connections

from . import scheduling as sch
from . import webhooks as hooks
from .models import SandboxRegistrant
from .services import DB, now


class Invalid(ValueError):
    pass


def start_registrations(kind_name: str, event_id: Any, count: int, per_second: float) -> dict[str, Any]:
    """Check the event, then register ``count`` pending people on a background thread."""
    kind = sch.WEBINAR if kind_name == "webinar" else sch.MEETING
    try:
        zoom_id = int(event_id)
    except (TypeError, ValueError):
        raise Invalid(f"{kind_name}_id must be a {kind_name} id") from None
    event = kind.model.objects.using(DB).select_related("host", "account").filter(zoom_id=zoom_id).first()
    if event is None:
        raise Invalid(f"no {kind_name} {zoom_id}")
    if not event.registration_enabled:
        raise Invalid(f"registration is off for {kind_name} {zoom_id}")
    batch = secrets.token_hex(3)
    thread = threading.Thread(target=_register, args=(kind, event, count, per_second, batch),
                              name=f"simulate-registrations-{batch}", daemon=True)
    thread.start()
    return {"batch": batch, kind_name + "_id": zoom_id, "count": count, "per_second": per_second}


def _register(kind: sch.Kind, event: Any, count: int, per_second: float, batch: str) -> None:
    started = time.monotonic()
    try:
        for n in range(count):
            # Keep the pace against the start, so slow writes do not lower the rate.
            delay = started + n / per_second - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            registrant = SandboxRegistrant(
                **{kind.fk: event}, zoom_id=sch.random_id(), email=f"sim-{batch}-{n}@registrants.example",
                first_name="Simulated", last_name=f"Registrant {n + 1}", details={}, custom_questions=[],
                status="pending", occurrence_ids="", create_time=now().replace(microsecond=0),
            )
            registrant.save(using=DB)
            hooks.registration(None, kind.noun, "created", event, [registrant])
    finally:
        connections.close_all()
