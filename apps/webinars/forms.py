"""The webinar schedule form: the shared event fields plus Zoom's webinar-only settings; the panelist form."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.events.display import REMINDER_WORDS
from apps.events.forms import EventForm, checkbox

MAX_REGISTRANTS = 20000  # webinarCreate: settings.registrants_restrict_number maximum
# The words the webinar's page shows for Zoom's reminder types (1..7).
REMINDER_CHOICES = [("0", "No reminder"), *((str(n), words) for n, words in REMINDER_WORDS.items())]
FOLLOW_UP_CHOICES = [("0", "No follow-up email"),
                     *((str(n), f"{n} day{'s' if n > 1 else ''} after it ends") for n in range(1, 8))]
EMAIL_SETTINGS = {"reminder_email": "attendees_and_panelists_reminder_email_notification",
                  "follow_up_attendees": "follow_up_attendees_email_notification",
                  "follow_up_absentees": "follow_up_absentees_email_notification"}


class WebinarForm(EventForm):
    kind = "webinar"
    scheduled_type, floating_type, fixed_type = 5, 6, 9

    practice_session = checkbox("Practice session (panelists join before attendees)")
    question_and_answer = checkbox("Q&A")
    anonymous_questions = checkbox("Allow anonymous questions")
    panelists_video = checkbox("Panelist video on")
    registrants_restrict_number = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_REGISTRANTS, initial=0, label="Registrant cap",
        help_text=f"At most this many registrants (up to {MAX_REGISTRANTS:,}); 0 for no cap.")
    panelists_invitation_email_notification = checkbox("Email panelists their invitation")
    reminder_email = forms.ChoiceField(choices=REMINDER_CHOICES, initial="0", label="Reminder email",
                                       help_text="Sent to attendees and panelists.")
    follow_up_attendees = forms.ChoiceField(choices=FOLLOW_UP_CHOICES, initial="0",
                                            label="Follow-up email to attendees")
    follow_up_absentees = forms.ChoiceField(choices=FOLLOW_UP_CHOICES, initial="0",
                                            label="Follow-up email to absentees")

    webinar_fields = ("practice_session", "question_and_answer", "anonymous_questions", "panelists_video",
                      "registrants_restrict_number", "panelists_invitation_email_notification", "reminder_email",
                      "follow_up_attendees", "follow_up_absentees")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("panelists_invitation_email_notification", True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors or self.preview_only:
            return data
        if (data.get("registrants_restrict_number") or 0) > 0 and data.get("registration") == "none":
            self.add_error("registrants_restrict_number", "A registrant cap needs registration: turn registration on "
                                                          "or set the cap to 0.")
        if data.get("anonymous_questions") and not data.get("question_and_answer"):
            self.add_error("anonymous_questions", "Anonymous questions need Q&A turned on.")
        if data.get("repeat") == "nofixed":
            for name in ("reminder_email", "follow_up_attendees", "follow_up_absentees"):
                if data.get(name, "0") != "0":
                    self.add_error(name, "Zoom times these emails from the webinar's start or end; a webinar with "
                                         "no fixed time has neither.")
        return data

    def settings(self) -> dict[str, Any]:
        d = self.cleaned_data
        out = {**super().settings(), "practice_session": d["practice_session"],
               "panelists_video": d["panelists_video"],
               "question_and_answer": {"enable": d["question_and_answer"],
                                       "allow_anonymous_questions": d["anonymous_questions"]},
               "registrants_restrict_number": d.get("registrants_restrict_number") or 0,
               "panelists_invitation_email_notification": d["panelists_invitation_email_notification"]}
        for field, setting in EMAIL_SETTINGS.items():
            kind = int(d[field])
            out[setting] = {"enable": kind > 0, "type": kind}
        return out

    @classmethod
    def initial_from(cls, event) -> dict[str, Any]:
        initial = super().initial_from(event)
        s = event.settings or {}
        qa = s.get("question_and_answer") or {}
        initial.update(practice_session=bool(s.get("practice_session")), panelists_video=bool(s.get("panelists_video")),
                       question_and_answer=bool(qa.get("enable")),
                       anonymous_questions=bool(qa.get("allow_anonymous_questions")),
                       registrants_restrict_number=s.get("registrants_restrict_number") or 0,
                       panelists_invitation_email_notification=bool(
                           s.get("panelists_invitation_email_notification", True)))
        for field, setting in EMAIL_SETTINGS.items():
            value = s.get(setting) or {}
            initial[field] = str(value.get("type") or 0) if value.get("enable") else "0"
        return initial


class PanelistForm(forms.Form):
    name = forms.CharField(max_length=64, label="Panelist name")
    email = forms.EmailField(max_length=128, label="Panelist email")

    def __init__(self, *args: Any, existing: set[str] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing = {e.lower() for e in existing}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the panelist's name.")
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email in self.existing:
            raise forms.ValidationError(f"{email} is already a panelist of this webinar.")
        return email
