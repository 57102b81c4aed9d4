"""One small form per report type: the dates it takes and its own extra fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from .types import ReportType

AUDIO_TYPES = [("1", "Toll-free call-in and call-out"), ("2", "Toll"), ("3", "SIP connected audio")]
MEETING_TYPES = [("all", "Meetings and webinars"), ("meeting", "Meetings"), ("webinar", "Webinars")]


class ReportForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    user = forms.CharField(label="User (email or Zoom user ID)", max_length=128)
    event_id = forms.CharField(label="Meeting or webinar ID", max_length=64)
    audio_type = forms.ChoiceField(label="Audio type", choices=AUDIO_TYPES, initial="1")
    meeting_type = forms.ChoiceField(label="Show", choices=MEETING_TYPES, initial="all")

    def __init__(self, rtype: ReportType, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rtype = rtype
        wanted = set(rtype.fields) if rtype.windowing != "none" else set(rtype.fields) - {"start", "end"}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]

    def clean_event_id(self) -> str:
        value = self.cleaned_data["event_id"].replace(" ", "").strip()
        if not value:
            raise forms.ValidationError("Enter the meeting's ID.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date is before the start date.")
        return data

    def values(self) -> dict[str, Any]:
        return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.cleaned_data.items()}
