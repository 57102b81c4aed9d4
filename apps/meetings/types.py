"""What the events code needs to know about meetings (apps.events.types)."""

from __future__ import annotations

from apps.events.types import EventType

from .forms import MeetingForm
from .models import Meeting, Occurrence

MEETING = EventType(
    noun="meeting", label="Meetings", namespace="meetings", model=Meeting, occurrence_model=Occurrence,
    form_class=MeetingForm, sync_job="sync.meetings",
    host_path="/users/{userId}/meetings", list_key="meetings", list_params={"type": "scheduled"},
    detail_path="/meetings/{meetingId}", id_param="meetingId", invitation_path="/meetings/{meetingId}/invitation",
    cancel_reminder="cancel_meeting_reminder", host_reminder="schedule_for_reminder",
    zoom_fields={"settings.waiting_room": "waiting_room", "settings.join_before_host": "join_before_host"},
    registrant_fk="meeting",
)
