"""How many registrants an event has per status, for the event's page (apps.events.counts)."""

from __future__ import annotations

from django.db.models import Count, Model

from .models import Registrant


def by_status(event: Model, fk: str) -> dict[str, int]:
    rows = Registrant.objects.filter(**{fk: event}).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}
