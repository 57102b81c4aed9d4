"""Reports (Zoom's Meetings API, tag "Reports"): every one is Heavy, so each call counts
against the account's daily cap.

Each endpoint has its own date rules (DESIGN.md, "Zoom facts"); the report runner splits a
range into windows and builds the query. A ``Report`` says where the rows are in the answer
and whether it is paginated: paginated ones are walked with ``ZoomClient.pages(report.path,
report.key, ...)``, the others fetched with ``get_report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import HEAVY, KINDS, Area, Kind, Operation, event_path

if TYPE_CHECKING:
    from apps.zoom.client import ZoomClient


@dataclass(frozen=True)
class Report:
    path: str  # Zoom's path template
    key: str  # the list in Zoom's answer ("" when the answer is the row)
    paginated: bool = True


DAILY = Report("/report/daily", "dates", paginated=False)  # takes year and month
HOSTS = Report("/report/users", "users")  # type=active|inactive, from/to within one month
USER_MEETINGS = Report("/report/users/{userId}/meetings", "meetings")
CLOUD_RECORDING = Report("/report/cloud_recording", "cloud_recording_storage", paginated=False)  # 30 days
TELEPHONE = Report("/report/telephone", "telephony_usage")
OPERATION_LOGS = Report("/report/operationlogs", "operation_logs")
ACTIVITIES = Report("/report/activities", "activity_logs")
UPCOMING_EVENTS = Report("/report/upcoming_events", "upcoming_events")
HISTORY_MEETINGS = Report("/report/history_meetings", "history_meetings")


def _event_reports(kind: Kind) -> dict[str, Report]:
    """A past meeting's or webinar's reports; they take no dates."""
    base = "/report" + event_path(kind)[0]
    return {
        "details": Report(base, "", paginated=False),
        "participants": Report(base + "/participants", "participants"),
        "polls": Report(base + "/polls", "questions", paginated=False),
        "qa": Report(base + "/qa", "questions", paginated=False),
    }


EVENT_REPORTS: dict[str, dict[str, Report]] = {kind: _event_reports(kind) for kind in KINDS}
REPORTS: tuple[Report, ...] = (DAILY, HOSTS, USER_MEETINGS, CLOUD_RECORDING, TELEPHONE, OPERATION_LOGS, ACTIVITIES,
                               UPCOMING_EVENTS, HISTORY_MEETINGS,
                               *(r for reports in EVENT_REPORTS.values() for r in reports.values()))
# The spec declares no page_size maximum for activities and history_meetings; 300 like the others.
_PAGE_SIZE_MAX = 300

AREA = Area("reports", spec="meetings.openapi.json", operations=tuple(
    Operation("GET", r.path, HEAVY, _PAGE_SIZE_MAX if r.paginated else None, True) for r in REPORTS
))


def get_report(client: ZoomClient, report: Report, *, params: dict[str, Any] | None = None,
               **path_params: Any) -> dict[str, Any] | None:
    """One answer of a report that is not paginated (walk the paginated ones with ``client.pages``)."""
    if report.paginated:
        raise ValueError(f"{report.path} is paginated: walk it with ZoomClient.pages")
    return client.call("GET", report.path, params=params, **path_params)
