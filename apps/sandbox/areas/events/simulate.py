"""Simulated traffic for tests and benchmarks: people registering at a given rate
(``POST /_sandbox/simulate/registrations``, a control path of the events area)."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.sandbox import webhooks as hooks
from apps.sandbox.control import bad_request
from apps.sandbox.services import DB, json_body, now

from . import scheduling as sch
from .models import SandboxRegistrant


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


@csrf_exempt
@never_cache
@require_POST
def simulate_registrations(request: HttpRequest) -> HttpResponse:
    """``{"meeting_id" | "webinar_id": id, "count": n, "per_second": r}``: n people register
    (pending) at r per second, in the background, each sending its webhook."""
    body = json_body(request)
    kind = "webinar" if "webinar_id" in body else "meeting"
    event_id, count, rate = body.get(f"{kind}_id"), body.get("count"), body.get("per_second", 10)
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 4999:
        return bad_request("count must be an integer between 1 and 4999")
    if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 < rate <= 1000:
        return bad_request("per_second must be a number between 0 and 1000")
    try:
        started = start_registrations(kind, event_id, count, float(rate))
    except Invalid as exc:
        return bad_request(str(exc))
    return JsonResponse({"ok": True, **started}, status=202)
