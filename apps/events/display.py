"""How an event reads on its pages: a table row's cells and the settings' words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .models import ZoomEvent
from .recurrence import describe
from .types import EventType

REGISTRATION_WORDS = {0: "Automatic", 1: "Manual approval"}


def table_rows(event_type: EventType, events: Iterable[ZoomEvent], emails: dict[str, str],
               detail_prefix: str) -> list[dict[str, Any]]:
    """The table's cells, formatted here: per-row URL reversing and template lookups cost
    more than the query. ``detail_prefix`` is the detail URL without its id."""
    names = event_type.type_names
    return [{"event": e, "url": f"{detail_prefix}{e.zoom_id}/",
             "start": f"{e.start_time:%a} {e.start_time.day} {e.start_time:%b %Y, %H:%M} UTC" if e.start_time else "",
             "start_iso": e.start_time.isoformat() if e.start_time else "",
             "host": e.host_email or emails.get(e.host_zoom_id, e.host_zoom_id),
             "type_name": names.get(e.type, e.type),
             "registration": REGISTRATION_WORDS.get(e.approval_type, "—") if e.has_registration else "—",
             "repeats": describe(e.recurrence or {})} for e in events]


# Every setting Zoom may give a meeting or a webinar that the page shows, in its order;
# an event shows those its settings have.
SETTING_LABELS = [("approval_type", "Registration"), ("registration_type", "Registration type"),
                  ("waiting_room", "Waiting room"), ("meeting_authentication", "Authenticated users only"),
                  ("host_video", "Host video"), ("participant_video", "Participant video"), ("audio", "Audio"),
                  ("join_before_host", "Join before host"), ("mute_upon_entry", "Mute on entry"),
                  ("auto_recording", "Automatic recording"), ("alternative_hosts", "Alternative hosts"),
                  # webinars' own
                  ("registrants_restrict_number", "Registrant cap"), ("practice_session", "Practice session"),
                  ("question_and_answer", "Q&A"), ("panelists_video", "Panelist video"),
                  ("panelists_invitation_email_notification", "Invitation email to panelists"),
                  ("attendees_and_panelists_reminder_email_notification", "Reminder email"),
                  ("follow_up_attendees_email_notification", "Follow-up email to attendees"),
                  ("follow_up_absentees_email_notification", "Follow-up email to absentees")]
VALUE_WORDS = {"approval_type": {0: "Automatic approval", 1: "Manual approval", 2: "None"},
               "registration_type": {1: "Once, for every occurrence", 2: "For each occurrence",
                                     3: "Once, for chosen occurrences"},
               "audio": {"both": "Telephone and computer", "telephony": "Telephone", "voip": "Computer"}}
REMINDER_WORDS = {1: "1 hour before", 2: "1 day before", 3: "1 hour and 1 day before", 4: "1 week before",
                  5: "1 hour and 1 week before", 6: "1 day and 1 week before", 7: "1 hour, 1 day and 1 week before"}
FOLLOW_UP_WORDS = {n: f"{n} day{'s' if n > 1 else ''} after" for n in range(1, 8)}
VALUE_WORDS.update({"attendees_and_panelists_reminder_email_notification": REMINDER_WORDS,
                    "follow_up_attendees_email_notification": FOLLOW_UP_WORDS,
                    "follow_up_absentees_email_notification": FOLLOW_UP_WORDS})


def settings_rows(settings: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, label in SETTING_LABELS:
        if key not in settings:
            continue
        value = settings[key]
        if isinstance(value, dict):  # Zoom's {"enable": …, "type": …} settings
            value = (VALUE_WORDS.get(key, {}).get(value.get("type")) or True) if value.get("enable") else False
        if key == "registrants_restrict_number":
            value = value or "No cap"
        words = VALUE_WORDS.get(key, {}).get(value)
        rows.append((label, words or ("Yes" if value is True else "No" if value is False else str(value or "—"))))
    return rows
