"""What the events code needs to know about webinars (apps.events.types)."""

from __future__ import annotations

from apps.events.types import EventType

from .forms import WebinarForm
from .models import Webinar, WebinarOccurrence

WEBINAR = EventType(
    noun="webinar", label="Webinars", namespace="webinars", model=Webinar, occurrence_model=WebinarOccurrence,
    form_class=WebinarForm, sync_job="sync.webinars",
    zoom_fields={
        "settings.registrants_restrict_number": "registrants_restrict_number",
        "settings.practice_session": "practice_session", "settings.question_and_answer": "question_and_answer",
        "settings.panelists_video": "panelists_video",
        "settings.panelists_invitation_email_notification": "panelists_invitation_email_notification",
        "settings.attendees_and_panelists_reminder_email_notification": "reminder_email",
        "settings.follow_up_attendees_email_notification": "follow_up_attendees",
        "settings.follow_up_absentees_email_notification": "follow_up_absentees",
    },
    registrant_fk="webinar",
    # The page adds the panelists, the form the webinar settings and emails.
    templates={"detail": "webinars/detail.html", "form": "webinars/form.html"},
)
