"""The events area's paths: meetings, webinars, panelists and registrants, and the control
API's simulated registrations."""

from __future__ import annotations

from django.urls import path

from . import meetings_api, registrants_api, simulate, webinars_api


def _registrant_paths(prefix: str, views: dict, name: str) -> list:
    return [
        path(f"{prefix}/<str:event_id>/registrants", views["registrants"], name=f"{name}-registrants"),
        path(f"{prefix}/<str:event_id>/registrants/status", views["status"], name=f"{name}-registrant-status"),
        path(f"{prefix}/<str:event_id>/registrants/questions", views["questions"],
             name=f"{name}-registrant-questions"),
        path(f"{prefix}/<str:event_id>/registrants/<str:registrant_id>", views["detail"],
             name=f"{name}-registrant"),
        path(f"{prefix}/<str:event_id>/batch_registrants", views["batch"], name=f"{name}-batch-registrants"),
    ]


urlpatterns = [
    path("v2/users/<str:user_id>/meetings", meetings_api.user_meetings, name="user-meetings"),
    path("v2/meetings/<str:meeting_id>", meetings_api.meeting_detail, name="meeting"),
    path("v2/meetings/<str:meeting_id>/status", meetings_api.meeting_status_view, name="meeting-status"),
    path("v2/meetings/<str:meeting_id>/invitation", meetings_api.meeting_invitation_view, name="meeting-invitation"),
    *_registrant_paths("v2/meetings", registrants_api.MEETING_VIEWS, "meeting"),
    path("v2/users/<str:user_id>/webinars", webinars_api.user_webinars, name="user-webinars"),
    path("v2/webinars/<str:webinar_id>", webinars_api.webinar_detail, name="webinar"),
    path("v2/webinars/<str:webinar_id>/status", webinars_api.webinar_status_view, name="webinar-status"),
    path("v2/webinars/<str:webinar_id>/panelists", webinars_api.webinar_panelists, name="webinar-panelists"),
    path("v2/webinars/<str:webinar_id>/panelists/<str:panelist_id>", webinars_api.webinar_panelist,
         name="webinar-panelist"),
    *_registrant_paths("v2/webinars", registrants_api.WEBINAR_VIEWS, "webinar"),
    # control API (not Zoom's): people registering at a given rate
    path("_sandbox/simulate/registrations", simulate.simulate_registrations, name="simulate-registrations"),
]
