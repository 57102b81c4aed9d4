"""The reports area's paths: api.zoom.us/v2 reports and dashboard metrics."""

from __future__ import annotations

from django.urls import path

from . import report_events_api, reports_api


def _report_event_paths(prefix: str, views: dict, name: str) -> list:
    return [
        path(f"v2/report/{prefix}/<str:event_id>", views["details"], name=f"report-{name}"),
        path(f"v2/report/{prefix}/<str:event_id>/participants", views["participants"],
             name=f"report-{name}-participants"),
        path(f"v2/report/{prefix}/<str:event_id>/polls", views["polls"], name=f"report-{name}-polls"),
        path(f"v2/report/{prefix}/<str:event_id>/qa", views["qa"], name=f"report-{name}-qa"),
    ]


urlpatterns = [
    path("v2/report/daily", reports_api.daily, name="report-daily"),
    path("v2/report/users", reports_api.users, name="report-users"),
    path("v2/report/users/<str:user_id>/meetings", reports_api.user_meetings, name="report-user-meetings"),
    *_report_event_paths("meetings", report_events_api.MEETING_VIEWS, "meeting"),
    *_report_event_paths("webinars", report_events_api.WEBINAR_VIEWS, "webinar"),
    path("v2/report/cloud_recording", reports_api.cloud_recording, name="report-cloud-recording"),
    path("v2/report/telephone", reports_api.telephone, name="report-telephone"),
    path("v2/report/operationlogs", reports_api.operation_logs, name="report-operation-logs"),
    path("v2/report/activities", reports_api.activities, name="report-activities"),
    path("v2/report/upcoming_events", reports_api.upcoming_events, name="report-upcoming-events"),
    path("v2/report/history_meetings", reports_api.history_meetings, name="report-history-meetings"),
    path("v2/metrics/meetings", report_events_api.metrics_meetings, name="metrics-meetings"),
]
