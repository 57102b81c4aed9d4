"""The report types the dashboard offers: which Zoom endpoint, how its range is split,
which columns it shows, how windows merge, and what its chart draws.

The endpoint (its path, where the rows are in the answer, whether it is paginated) is
Zoom's and lives in apps/zoom/endpoints/reports.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apps.zoom.endpoints import reports as zoom_reports
from apps.zoom.endpoints.reports import Report


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    ident: bool = False  # an identifier: exported exactly, never formula-guarded

    @property
    def exact(self) -> bool:
        return self.numeric or self.ident


@dataclass(frozen=True)
class ReportType:
    slug: str
    title: str
    help: str
    endpoint: Report
    columns: tuple[Column, ...]
    windowing: str = "month"  # month | daily | days30 | ahead | none
    merge: str = "concat"  # concat | sum_hosts | every_window
    row_id: str = ""  # dedupes rows within a window (a restarted listing)
    fields: tuple[str, ...] = ("start", "end")  # form fields beyond the dates
    chart: tuple[str, str] | None = None  # (label column, value column)
    chart_kind: str = "bars"  # bars (time series) | top (largest ten)
    reusable: bool = True  # a wholly past window may be reused
    flatten: str = ""  # "questions": one row per answered question
    query: dict[str, Any] = field(default_factory=dict)  # fixed query parameters

    @property
    def path(self) -> str:  # Zoom's path template
        return self.endpoint.path

    @property
    def key(self) -> str:  # the list in Zoom's answer ("" when the answer is the row)
        return self.endpoint.key

    @property
    def paginated(self) -> bool:
        return self.endpoint.paginated

    @property
    def kind(self) -> str:
        return f"report.{self.slug}"

    @property
    def numeric_columns(self) -> list[Column]:
        return [c for c in self.columns if c.numeric]


C = Column
HOST_COLUMNS = (C("email", "Email"), C("user_name", "Name"), C("dept", "Department"),
                C("meetings", "Meetings", True), C("participants", "Participants", True),
                C("meeting_minutes", "Meeting minutes", True))
EVENT_DETAIL = (C("id", "ID", ident=True), C("topic", "Topic"), C("user_email", "Host"), C("start_time", "Start"),
                C("end_time", "End"), C("duration", "Duration (min)", True),
                C("participants_count", "Participants", True), C("total_minutes", "Total minutes", True))
PARTICIPANTS = (C("name", "Name"), C("user_email", "Email"), C("join_time", "Joined"), C("leave_time", "Left"),
                C("duration", "Seconds", True))
POLL = (C("name", "Name"), C("email", "Email"), C("question", "Question"), C("answer", "Answer"),
        C("date_time", "When"))
QA = (C("name", "Name"), C("email", "Email"), C("question", "Question"), C("answer", "Answer"),
      C("create_time", "When"))


def _event_reports(noun: str) -> list[ReportType]:
    lower = noun.lower()
    one = ("event_id",)
    endpoints = zoom_reports.EVENT_REPORTS[lower]
    return [
        ReportType(f"{lower}_details", f"{noun} details", f"A past {lower}'s host, times and totals.",
                   endpoints["details"], EVENT_DETAIL, windowing="none", fields=one),
        ReportType(f"{lower}_participants", f"{noun} participants", f"Who attended a past {lower}, and how long.",
                   endpoints["participants"], PARTICIPANTS, windowing="none", fields=one,
                   chart=("name", "duration"), chart_kind="top"),
        ReportType(f"{lower}_polls", f"{noun} polls", f"Poll answers of a past {lower}.", endpoints["polls"],
                   POLL, windowing="none", fields=one, flatten="questions"),
        ReportType(f"{lower}_qa", f"{noun} Q&A", f"Questions asked in a past {lower}, and their answers.",
                   endpoints["qa"], QA, windowing="none", fields=one, flatten="questions"),
    ]


TYPES: dict[str, ReportType] = {t.slug: t for t in [
    ReportType("daily", "Daily usage", "New users, meetings, participants and minutes per day.", zoom_reports.DAILY,
               (C("date", "Date"), C("new_users", "New users", True), C("meetings", "Meetings", True),
                         C("participants", "Participants", True), C("meeting_minutes", "Meeting minutes", True)),
               windowing="daily", chart=("date", "meetings")),
    ReportType("active_hosts", "Active hosts", "Hosts with at least one meeting; months add up per host.",
               zoom_reports.HOSTS, HOST_COLUMNS, merge="sum_hosts", row_id="id",
               chart=("email", "meetings"), chart_kind="top", query={"type": "active"}),
    ReportType("inactive_hosts", "Inactive hosts", "Users who hosted no meeting in any month of the range.",
               zoom_reports.HOSTS, HOST_COLUMNS[:3], merge="every_window", row_id="id",
               query={"type": "inactive"}),
    ReportType("user_meetings", "Meetings of one user", "Past meetings and webinars a user hosted.",
               zoom_reports.USER_MEETINGS,
               (C("start_time", "Start"), C("topic", "Topic"), C("id", "ID", ident=True),
                C("duration", "Duration (min)", True), C("participants_count", "Participants", True),
                C("total_minutes", "Total minutes", True)),
               row_id="uuid", fields=("user", "start", "end"), chart=("start_time", "participants_count")),
    *_event_reports("Meeting"),
    *_event_reports("Webinar"),
    ReportType("cloud_recording", "Cloud recording usage", "Storage used per day (30 days per Zoom request).",
               zoom_reports.CLOUD_RECORDING,
               (C("date", "Date"), C("usage", "Usage"), C("plan_usage", "Plan"), C("free_usage", "Free")),
               windowing="days30"),
    ReportType("telephone", "Telephone usage", "Dial-in and call-out minutes and cost.", zoom_reports.TELEPHONE,
               (C("start_time", "Start"), C("host_email", "Host"), C("meeting_id", "Meeting"), C("type", "Type"),
                C("phone_number", "Number"), C("duration", "Minutes", True), C("total", "Cost", True)),
               fields=("start", "end", "audio_type"), chart=("host_email", "duration"), chart_kind="top"),
    ReportType("operation_logs", "Operation logs", "Admin actions on users, settings and recordings.",
               zoom_reports.OPERATION_LOGS,
               (C("time", "When"), C("operator", "Operator"), C("category_type", "Category"), C("action", "Action"),
                C("operation_detail", "Detail"))),
    ReportType("activities", "Sign-in and sign-out activity", "When users signed in and out, from where.",
               zoom_reports.ACTIVITIES,
               (C("time", "When"), C("email", "Email"), C("type", "Activity"), C("client_type", "Client"),
                C("ip_address", "IP address"), C("version", "Version"))),
    ReportType("upcoming_events", "Upcoming events", "Meetings and webinars scheduled ahead.",
               zoom_reports.UPCOMING_EVENTS,
               (C("start_time", "Start"), C("topic", "Topic"), C("id", "ID", ident=True), C("host_name", "Host"),
                C("dept", "Department")), windowing="ahead", reusable=False, row_id="id"),
    ReportType("history_meetings", "Meeting and webinar history", "Every past meeting and webinar with totals.",
               zoom_reports.HISTORY_MEETINGS,
               (C("start_time", "Start"), C("type", "Type"), C("topic", "Topic"), C("host_email", "Host"),
                C("duration", "Duration (min)", True), C("participants", "Participants", True),
                C("total_participant_minutes", "Participant minutes", True)),
               row_id="meeting_uuid", fields=("start", "end", "meeting_type"),
               chart=("host_email", "participants"), chart_kind="top"),
]}


def get(slug: str) -> ReportType | None:
    return TYPES.get(slug)
