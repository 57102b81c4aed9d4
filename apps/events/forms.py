"""The schedule/edit form for Zoom events, checked locally against Zoom's rules before any call.

``EventForm`` holds what meetings and webinars share (host, topic, agenda, time, time zone,
recurrence, passcode, registration, recording, alternative hosts); ``MeetingForm``
(apps.meetings.forms) and ``WebinarForm`` (apps.webinars.forms) subclass it with their own
``kind``, Zoom types and settings. Also here: editing one occurrence and the delete form.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.core.validators import validate_email

from apps.users.models import ZoomUser

from . import recurrence as rec

PASSCODE_RE = re.compile(r"^[A-Za-z0-9@\-_*]*$")
AGENDA_MAX = 2000
TOPIC_MAX = 200

REPEAT_CHOICES = [("none", "Does not repeat"), ("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly"),
                  ("nofixed", "Recurring, no fixed time")]
REPEAT_TYPE = {"daily": rec.DAILY, "weekly": rec.WEEKLY, "monthly": rec.MONTHLY}
WEEKDAY_CHOICES = [(str(n), name) for n, name in rec.DAY_NAMES.items()]
WEEK_CHOICES = [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")]
REGISTRATION_CHOICES = [("none", "No registration"), ("auto", "Required, approve automatically"),
                        ("manual", "Required, approve manually")]
APPROVAL = {"auto": 0, "manual": 1, "none": 2}
REGISTRATION_TYPE_CHOICES = [("1", "Register once, attend any occurrence"), ("2", "Register for each occurrence"),
                             ("3", "Register once, choose occurrences")]


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


def checkbox(label: str) -> forms.BooleanField:
    return forms.BooleanField(required=False, label=label)


class EventForm(forms.Form):
    """What every scheduled Zoom event has. Subclasses set ``kind`` and the Zoom types."""

    kind = "event"  # the noun in messages: "meeting", "webinar"
    scheduled_type, floating_type, fixed_type = 0, 0, 0  # Zoom's numbers: meetings 2, 3, 8; webinars 5, 6, 9
    registration_on_floating = False  # Zoom refuses registration on a no-fixed-time meeting
    preview_only = False  # set by ``for_preview``: only the time and recurrence fields are checked

    host = forms.ChoiceField(label="Host (schedule for)")
    topic = forms.CharField(max_length=TOPIC_MAX, required=False)
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=f"At most {AGENDA_MAX:,} characters.")
    start_date = forms.DateField(required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(required=False, label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    timezone = forms.ChoiceField(label="Time zone", choices=timezone_choices)
    duration = forms.IntegerField(min_value=1, max_value=1440, initial=60, label="Duration (minutes)")
    repeat = forms.ChoiceField(choices=REPEAT_CHOICES, initial="none", label="Repeats")
    repeat_interval = forms.IntegerField(required=False, min_value=1, initial=1, label="Every")
    weekly_days = forms.MultipleChoiceField(choices=WEEKDAY_CHOICES, required=False, label="On",
                                            widget=forms.CheckboxSelectMultiple)
    monthly_by = forms.ChoiceField(choices=[("day", "Day of the month"), ("week", "Week and weekday")],
                                   initial="day", required=False, label="Monthly on")
    monthly_day = forms.IntegerField(required=False, min_value=1, max_value=31, label="Day of the month")
    monthly_week = forms.TypedChoiceField(choices=[("", "—"), *WEEK_CHOICES], coerce=int, required=False,
                                          empty_value=None, label="Week")
    monthly_week_day = forms.TypedChoiceField(choices=[("", "—"), *WEEKDAY_CHOICES], coerce=int, required=False,
                                              empty_value=None, label="Weekday")
    end_by = forms.ChoiceField(choices=[("times", "After a number of occurrences"), ("date", "On a date")],
                               initial="times", required=False, label="Ends")
    end_times = forms.IntegerField(required=False, min_value=1, initial=7, label="Occurrences",
                                   help_text=f"At most {rec.MAX_OCCURRENCES}.")
    end_date = forms.DateField(required=False, label="End date", widget=forms.DateInput(attrs={"type": "date"}))
    passcode = forms.CharField(required=False, max_length=64, strip=False,
                               help_text="At most 10 characters: letters, digits and @ - _ *. "
                                         "Empty keeps the current one.")
    registration = forms.ChoiceField(choices=REGISTRATION_CHOICES, initial="none")
    registration_type = forms.ChoiceField(choices=REGISTRATION_TYPE_CHOICES, initial="1",
                                          label="Registration for recurring events")
    host_video = checkbox("Host video on")
    audio = forms.ChoiceField(choices=[("both", "Telephone and computer audio"), ("telephony", "Telephone only"),
                                       ("voip", "Computer audio only")], initial="both")
    auto_recording = forms.ChoiceField(choices=[("none", "No automatic recording"), ("local", "On this computer"),
                                                ("cloud", "In the cloud")], initial="none", label="Automatic recording")
    alternative_hosts = forms.CharField(required=False, max_length=1000, label="Alternative hosts",
                                        help_text="Emails of licensed users of this account, separated by commas.")
    meeting_authentication = checkbox("Only authenticated users can join")

    def __init__(self, *args: Any, account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        hosts = ZoomUser.objects.filter(account=account).exclude(status=ZoomUser.Status.PENDING).order_by("email")
        self.hosts = {u.zoom_id: u for u in hosts.only("zoom_id", "email", "type", "timezone", "first_name",
                                                       "last_name")}
        self.fields["host"].choices = [(u.zoom_id, u.email) for u in self.hosts.values()]

    @classmethod
    def initial_from(cls, event) -> dict[str, Any]:
        """The form's values for an event of the mirror; subclasses add their own settings."""
        return initial_for(event, scheduled_type=cls.scheduled_type, floating_type=cls.floating_type)

    # --- field rules ----------------------------------------------------------------------

    def clean_topic(self) -> str:
        topic = self.cleaned_data["topic"].strip()
        if not topic:
            raise forms.ValidationError("Enter a topic.")
        return topic

    def clean_agenda(self) -> str:
        agenda = self.cleaned_data["agenda"]
        if len(agenda) > AGENDA_MAX:
            raise forms.ValidationError(f"Zoom allows at most {AGENDA_MAX:,} characters; this has {len(agenda):,}.")
        return agenda

    def clean_passcode(self) -> str:
        passcode = self.cleaned_data["passcode"]
        if len(passcode) > 10:
            raise forms.ValidationError("A passcode has at most 10 characters.")
        if not PASSCODE_RE.match(passcode):
            raise forms.ValidationError("A passcode may only contain letters, digits and @ - _ *.")
        return passcode

    def clean_alternative_hosts(self) -> list[str]:
        raw = self.cleaned_data["alternative_hosts"]
        emails = [e.strip().lower() for e in re.split(r"[,;\s]+", raw) if e.strip()]
        by_email = {u.email.lower(): u for u in self.hosts.values()}
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(f"{email} is not an email address.") from None
            user = by_email.get(email)
            if user is None:
                raise forms.ValidationError(f"{email} is not a user of this Zoom account.")
            if user.type != ZoomUser.Type.LICENSED:
                raise forms.ValidationError(
                    f"{email} is not a licensed user: Zoom only accepts licensed alternative hosts.")
        return list(dict.fromkeys(emails))

    # --- rules across fields --------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        host = self.hosts.get(data.get("host", ""))
        repeat = data.get("repeat")
        self._clean_time(data, repeat)
        if repeat in REPEAT_TYPE:
            self._clean_recurrence(data, repeat)
        if self.preview_only:
            return data
        if data.get("registration") != "none":
            if repeat == "nofixed" and not self.registration_on_floating:
                self.add_error("registration", f"Zoom has no registration for a {self.kind} with no fixed time.")
            elif host is not None and host.type != ZoomUser.Type.LICENSED:
                self.add_error("registration", f"Registration needs a licensed host; {host.email} is not licensed.")
        if host is not None and host.email.lower() in (data.get("alternative_hosts") or []):
            self.add_error("alternative_hosts", "The host cannot also be an alternative host.")
        return data

    def _clean_time(self, data: dict[str, Any], repeat: str | None) -> None:
        if repeat == "nofixed":
            return
        if data.get("start_date") is None:
            self.add_error("start_date", "Enter the date.")
        if data.get("start_time") is None:
            self.add_error("start_time", "Enter the time.")

    def _clean_recurrence(self, data: dict[str, Any], repeat: str) -> None:
        kind = REPEAT_TYPE[repeat]
        interval = data.get("repeat_interval") or 1
        if interval > rec.MAX_INTERVAL[kind]:
            self.add_error("repeat_interval", f"Zoom repeats at most every {rec.MAX_INTERVAL[kind]} {rec.UNITS[kind]}.")
        if kind == rec.WEEKLY and not data.get("weekly_days"):
            self.add_error("weekly_days", "Pick at least one day of the week.")
        if kind == rec.MONTHLY:
            by_week = data.get("monthly_by") == "week"
            if not by_week and not data.get("monthly_day"):
                self.add_error("monthly_day", "Pick a day of the month, or a week and a weekday.")
            if by_week and (data.get("monthly_week") is None or data.get("monthly_week_day") is None):
                self.add_error("monthly_week", "Pick both the week and the weekday.")
        if data.get("end_by") == "date":
            end = data.get("end_date")
            if end is None:
                self.add_error("end_date", "Enter the date the series ends.")
            elif data.get("start_date") and end < data["start_date"]:
                self.add_error("end_date", "The series cannot end before it starts.")
        else:
            times = data.get("end_times")
            if not times:
                self.add_error("end_times", "Enter how many times it takes place.")
            elif times > rec.MAX_OCCURRENCES:
                self.add_error("end_times", f"Zoom allows at most {rec.MAX_OCCURRENCES} occurrences.")

    # --- what Zoom is sent -----------------------------------------------------------------

    def start(self) -> dt.datetime | None:
        d = self.cleaned_data
        if d.get("repeat") == "nofixed" or d.get("start_date") is None or d.get("start_time") is None:
            return None
        return dt.datetime.combine(d["start_date"], d["start_time"].replace(second=0), ZoneInfo(d["timezone"]))

    def zoom_type(self) -> int:
        repeat = self.cleaned_data["repeat"]
        if repeat == "none":
            return self.scheduled_type
        return self.floating_type if repeat == "nofixed" else self.fixed_type

    def recurrence(self) -> dict[str, Any] | None:
        d = self.cleaned_data
        if d["repeat"] not in REPEAT_TYPE:
            return None
        kind = REPEAT_TYPE[d["repeat"]]
        out: dict[str, Any] = {"type": kind, "repeat_interval": d.get("repeat_interval") or 1}
        if kind == rec.WEEKLY:
            out["weekly_days"] = ",".join(sorted(d["weekly_days"], key=int))
        elif kind == rec.MONTHLY and d.get("monthly_by") == "week":
            out.update(monthly_week=d["monthly_week"], monthly_week_day=d["monthly_week_day"])
        elif kind == rec.MONTHLY:
            out["monthly_day"] = d["monthly_day"]
        if d.get("end_by") == "date":
            out["end_date_time"] = rec.end_of_day_utc(d["end_date"], d["timezone"]).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            out["end_times"] = d["end_times"]
        return out

    def settings(self) -> dict[str, Any]:
        d = self.cleaned_data
        out: dict[str, Any] = {
            "host_video": d["host_video"], "audio": d["audio"], "auto_recording": d["auto_recording"],
            "alternative_hosts": ",".join(d["alternative_hosts"]),
            "meeting_authentication": d["meeting_authentication"],
            "approval_type": APPROVAL[d["registration"]],
        }
        if d["registration"] != "none" and d["repeat"] in REPEAT_TYPE:
            out["registration_type"] = int(d["registration_type"])
        return out

    def zoom_body(self) -> dict[str, Any]:
        """The create/update body (meetingCreate / meetingUpdate); the host goes in the path."""
        d = self.cleaned_data
        body: dict[str, Any] = {"topic": d["topic"], "type": self.zoom_type(), "agenda": d["agenda"],
                                "duration": d["duration"], "timezone": d["timezone"], "settings": self.settings()}
        if d["passcode"]:
            # The mirror keeps no passcode: an empty field leaves Zoom's as it is.
            body["password"] = d["passcode"]
        start = self.start()
        if start is not None:
            # Local wall-clock time: Zoom reads it in ``timezone`` (no trailing Z).
            body["start_time"] = start.strftime("%Y-%m-%dT%H:%M:%S")
        recurrence = self.recurrence()
        if recurrence is not None:
            body["recurrence"] = recurrence
        return body

    def preview(self) -> list[dt.datetime]:
        """The occurrence dates the current recurrence fields give (valid fields only)."""
        start, recurrence = self.start(), self.recurrence()
        if start is None or recurrence is None:
            return [start] if start else []
        return rec.occurrences(start, self.cleaned_data["timezone"], recurrence)


PREVIEW_FIELDS = ("start_date", "start_time", "timezone", "repeat", "repeat_interval", "weekly_days", "monthly_by",
                  "monthly_day", "monthly_week", "monthly_week_day", "end_by", "end_times", "end_date")


def for_preview(form: EventForm) -> EventForm:
    """The same form checking only what the occurrence dates depend on (the topic may be empty yet)."""
    for name in list(form.fields):
        if name not in PREVIEW_FIELDS:
            del form.fields[name]
    form.preview_only = True
    return form


class OccurrenceForm(forms.Form):
    """Editing one occurrence of a recurring event: Zoom takes only its time, length and agenda."""

    start_date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration = forms.IntegerField(min_value=1, max_value=1440, label="Duration (minutes)")
    agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_agenda(self) -> str:
        return EventForm.clean_agenda(self)  # type: ignore[arg-type]

    def zoom_body(self, tz_name: str) -> dict[str, Any]:
        d = self.cleaned_data
        start = dt.datetime.combine(d["start_date"], d["start_time"].replace(second=0))
        return {"start_time": start.strftime("%Y-%m-%dT%H:%M:%S"), "timezone": tz_name, "duration": d["duration"],
                "agenda": d["agenda"]}


class DeleteForm(forms.Form):
    occurrence_id = forms.ChoiceField(required=False, label="Delete")
    notify = forms.BooleanField(required=False, label="Email the registrants that it is cancelled")
    notify_host = forms.BooleanField(required=False, label="Email the host (and alternative hosts)")

    def __init__(self, *args: Any, occurrences: list[tuple[str, str]], noun: str,
                 notify_host: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurrence_id"].choices = [("", "The whole series" if occurrences else f"The {noun}"),
                                                *occurrences]
        if not notify_host:  # Zoom's webinar delete has no "notify the host" parameter
            del self.fields["notify_host"]


def initial_for(event, *, scheduled_type: int, floating_type: int) -> dict[str, Any]:
    """The form's values for an event of the mirror (what Zoom last said)."""
    settings = event.settings or {}
    tz_name = event.timezone or "UTC"
    recurrence = event.recurrence or {}
    initial: dict[str, Any] = {
        "host": event.host_zoom_id, "topic": event.topic, "agenda": event.agenda, "timezone": tz_name,
        "duration": event.duration or 60,
        "registration": {0: "auto", 1: "manual"}.get(settings.get("approval_type"), "none"),
        "registration_type": str(settings.get("registration_type") or 1),
        "audio": settings.get("audio") if settings.get("audio") in ("both", "telephony", "voip") else "both",
        "auto_recording": settings.get("auto_recording") or "none",
        "alternative_hosts": settings.get("alternative_hosts") or "",
    }
    for name in ("host_video", "meeting_authentication"):
        initial[name] = bool(settings.get(name))
    if event.start_time is not None:
        local = event.start_time.astimezone(ZoneInfo(tz_name))
        initial.update(start_date=local.date(), start_time=local.time().replace(second=0, microsecond=0))
    kind_by_type = {v: k for k, v in REPEAT_TYPE.items()}
    if event.type == floating_type or (event.type != scheduled_type and not recurrence and event.start_time is None):
        initial["repeat"] = "nofixed"
    elif recurrence.get("type") in kind_by_type:
        initial["repeat"] = kind_by_type[recurrence["type"]]
        initial["repeat_interval"] = recurrence.get("repeat_interval") or 1
        initial["weekly_days"] = [d for d in str(recurrence.get("weekly_days") or "").split(",") if d]
        if recurrence.get("monthly_week"):
            initial.update(monthly_by="week", monthly_week=recurrence["monthly_week"],
                           monthly_week_day=recurrence.get("monthly_week_day"))
        else:
            initial["monthly_day"] = recurrence.get("monthly_day")
        if recurrence.get("end_date_time"):
            end = dt.datetime.fromisoformat(str(recurrence["end_date_time"]).replace("Z", "+00:00"))
            initial.update(end_by="date", end_date=end.astimezone(ZoneInfo(tz_name)).date())
        else:
            initial.update(end_by="times", end_times=recurrence.get("end_times") or 1)
    else:
        initial["repeat"] = "none"
    return initial
