"""The meeting schedule form: the shared event fields plus Zoom's meeting-only settings."""

from __future__ import annotations

from typing import Any

from apps.events.forms import EventForm, checkbox

# Meeting-only settings that are plain booleans at Zoom and on the form.
MEETING_SWITCHES = ("participant_video", "join_before_host", "mute_upon_entry", "waiting_room")


class MeetingForm(EventForm):
    kind = "meeting"
    scheduled_type, floating_type, fixed_type = 2, 3, 8

    participant_video = checkbox("Participant video on")
    join_before_host = checkbox("Participants can join before the host")
    mute_upon_entry = checkbox("Mute participants on entry")
    waiting_room = checkbox("Waiting room")

    def settings(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {**super().settings(), **{name: d[name] for name in MEETING_SWITCHES}}

    @classmethod
    def initial_from(cls, event) -> dict[str, Any]:
        settings = event.settings or {}
        return {**super().initial_from(event), **{name: bool(settings.get(name)) for name in MEETING_SWITCHES}}
