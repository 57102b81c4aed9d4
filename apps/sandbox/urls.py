"""ROOT_URLCONF of the sandbox process only (``manage.py zoom_sandbox``).

zoom.us paths (/oauth/...), api.zoom.us paths (/v2/...) and the control API
(/_sandbox/...) on one port. The dashboard's URLconf never includes this.
"""

from __future__ import annotations

from django.urls import path

from . import api, control, oauth

urlpatterns = [
    # zoom.us
    path("oauth/authorize", oauth.authorize, name="authorize"),
    path("oauth/token", oauth.token, name="token"),
    path("oauth/revoke", oauth.revoke, name="revoke"),
    # api.zoom.us/v2
    path("v2/users/<str:user_id>", api.user_detail, name="user-detail"),
    path("p/<str:user_id>", api.picture, name="picture"),
    # control API
    path("_sandbox/health", control.health, name="health"),
    path("_sandbox/reset", control.reset, name="reset"),
    path("_sandbox/state", control.state, name="state"),
    path("_sandbox/clock", control.clock, name="clock"),
    path("_sandbox/calls", control.calls, name="calls"),
    path("_sandbox/calls/reset", control.calls_reset, name="calls-reset"),
]


# --- Users, groups, roles; control API additions (users helper) ------------------------------
# GET/PATCH/DELETE /v2/users/{userId} and GET /v2/users/summary go through api.user_detail above.

from . import groups_roles_api, users_api  # noqa: E402
from .rest import methods  # noqa: E402

urlpatterns += [
    path("v2/users", methods(GET=users_api.list_users, POST=users_api.create_user), name="users"),
    path("v2/users/<str:user_id>/status", methods(PUT=users_api.update_status), name="user-status"),
    path("v2/groups", methods(GET=groups_roles_api.list_groups), name="groups"),
    path(
        "v2/groups/<str:group_id>/members",
        methods(GET=groups_roles_api.group_members, POST=groups_roles_api.add_group_members),
        name="group-members",
    ),
    path(
        "v2/groups/<str:group_id>/members/<str:member_id>",
        methods(DELETE=groups_roles_api.remove_group_member),
        name="group-member",
    ),
    path("v2/roles", methods(GET=groups_roles_api.list_roles), name="roles"),
    path(
        "v2/roles/<str:role_id>/members",
        methods(GET=groups_roles_api.role_members, POST=groups_roles_api.assign_role),
        name="role-members",
    ),
    path(
        "v2/roles/<str:role_id>/members/<str:member_id>",
        methods(DELETE=groups_roles_api.unassign_role),
        name="role-member",
    ),
    path("_sandbox/limits", control.limits, name="limits"),
    path("_sandbox/faults", control.faults, name="faults"),
    path("_sandbox/faults/clear", control.faults_clear, name="faults-clear"),
    path("_sandbox/latency", control.latency, name="latency"),
    path("_sandbox/webhooks", control.webhooks, name="webhooks"),
    path("_sandbox/simulate/registrations", control.simulate_registrations, name="simulate-registrations"),
]


# --- Meetings, webinars, registrants, panelists (meetings helper) ----------------------------

from . import meetings_api, registrants_api, webinars_api  # noqa: E402


def _registrant_paths(prefix: str, param: str, views: dict, name: str) -> list:
    return [
        path(f"{prefix}/<str:event_id>/registrants", views["registrants"], name=f"{name}-registrants"),
        path(f"{prefix}/<str:event_id>/registrants/status", views["status"], name=f"{name}-registrant-status"),
        path(f"{prefix}/<str:event_id>/registrants/questions", views["questions"],
             name=f"{name}-registrant-questions"),
        path(f"{prefix}/<str:event_id>/registrants/<str:registrant_id>", views["detail"],
             name=f"{name}-registrant"),
        path(f"{prefix}/<str:event_id>/batch_registrants", views["batch"], name=f"{name}-batch-registrants"),
    ]


urlpatterns += [
    path("v2/users/<str:user_id>/meetings", meetings_api.user_meetings, name="user-meetings"),
    path("v2/meetings/<str:meeting_id>", meetings_api.meeting_detail, name="meeting"),
    path("v2/meetings/<str:meeting_id>/status", meetings_api.meeting_status_view, name="meeting-status"),
    path("v2/meetings/<str:meeting_id>/invitation", meetings_api.meeting_invitation_view, name="meeting-invitation"),
    *_registrant_paths("v2/meetings", "meetingId", registrants_api.MEETING_VIEWS, "meeting"),
    path("v2/users/<str:user_id>/webinars", webinars_api.user_webinars, name="user-webinars"),
    path("v2/webinars/<str:webinar_id>", webinars_api.webinar_detail, name="webinar"),
    path("v2/webinars/<str:webinar_id>/status", webinars_api.webinar_status_view, name="webinar-status"),
    path("v2/webinars/<str:webinar_id>/panelists", webinars_api.webinar_panelists, name="webinar-panelists"),
    path("v2/webinars/<str:webinar_id>/panelists/<str:panelist_id>", webinars_api.webinar_panelist,
         name="webinar-panelist"),
    *_registrant_paths("v2/webinars", "webinarId", registrants_api.WEBINAR_VIEWS, "webinar"),
]


# --- Reports and dashboard metrics (reports helper) ------------------------------------------

from . import report_events_api, reports_api  # noqa: E402


def _report_event_paths(prefix: str, views: dict, name: str) -> list:
    return [
        path(f"v2/report/{prefix}/<str:event_id>", views["details"], name=f"report-{name}"),
        path(f"v2/report/{prefix}/<str:event_id>/participants", views["participants"],
             name=f"report-{name}-participants"),
        path(f"v2/report/{prefix}/<str:event_id>/polls", views["polls"], name=f"report-{name}-polls"),
        path(f"v2/report/{prefix}/<str:event_id>/qa", views["qa"], name=f"report-{name}-qa"),
    ]


urlpatterns += [
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
