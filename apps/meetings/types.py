"""What the events code needs to know about meetings (apps.events.types)."""

from __future__ import annotations

from apps.events.types import EventType

from .forms import MeetingForm
from .models import Meeting, Occurrence

MEETING = EventType(
    noun="meeting", label="Meetings", namespace="meetings", model=Meeting, occurrence_model=Occurrence,
    form_class=MeetingForm, sync_job="sync.meetings",
    list_params={"type": "scheduled"}, has_invitation=True, notifies_host=True,
    zoom_fields={"settings.waiting_room": "waiting_room", "settings.join_before_host": "join_before_host"},
    registrant_fk="meeting",
)
