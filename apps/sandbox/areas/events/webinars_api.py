"""api.zoom.us/v2 webinars (the meeting views with webinar paths) and panelists."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.sandbox.oauth import base_url
from apps.sandbox.rest import methods, zoom_api
from apps.sandbox.services import DB, LIGHT, MEDIUM, iso, json_body, now, zoom_error

from . import meetings_api as m
from . import scheduling as sch
from .models import SandboxPanelist
from .registrants_api import EMAIL

WEBINAR = sch.WEBINAR
MAX_PANELISTS = 100  # assumption: Zoom's default panelist capacity for a webinar


@zoom_api(MEDIUM, "/users/{userId}/webinars", is_list=True)
def list_webinars(request: HttpRequest, user_id: str) -> HttpResponse:
    return m.list_events(request, WEBINAR, user_id, "webinars", ("scheduled", "upcoming"))


@zoom_api(LIGHT, "/users/{userId}/webinars")
def create_webinar(request: HttpRequest, user_id: str) -> HttpResponse:
    return m.create_event(request, WEBINAR, user_id)


@zoom_api(LIGHT, "/webinars/{webinarId}")
def get_webinar(request: HttpRequest, webinar_id: str) -> HttpResponse:
    return m.get_event(request, WEBINAR, webinar_id)


@zoom_api(LIGHT, "/webinars/{webinarId}")
def update_webinar(request: HttpRequest, webinar_id: str) -> HttpResponse:
    return m.update_event(request, WEBINAR, webinar_id)


@zoom_api(LIGHT, "/webinars/{webinarId}")
def delete_webinar(request: HttpRequest, webinar_id: str) -> HttpResponse:
    return m.delete_event(request, WEBINAR, webinar_id)


@zoom_api(LIGHT, "/webinars/{webinarId}/status")
def webinar_status(request: HttpRequest, webinar_id: str) -> HttpResponse:
    return m.event_status(request, WEBINAR, webinar_id, ("end",))


# --- Panelists ------------------------------------------------------------------------------


def panelist_json(request: HttpRequest, webinar: Any, panelist: SandboxPanelist) -> dict[str, Any]:
    return {"id": panelist.zoom_id, "email": panelist.email, "name": panelist.name,
            "join_url": f"{base_url(request)}/w/{webinar.zoom_id}?tk={panelist.zoom_id}"}


@zoom_api(MEDIUM, "/webinars/{webinarId}/panelists")
def list_panelists(request: HttpRequest, webinar_id: str) -> HttpResponse:
    webinar = sch.find_event(request, WEBINAR, webinar_id)
    if isinstance(webinar, HttpResponse):
        return webinar
    panelists = [panelist_json(request, webinar, p) for p in SandboxPanelist.objects.using(DB).filter(webinar=webinar)]
    return JsonResponse({"total_records": len(panelists), "panelists": panelists})


@zoom_api(MEDIUM, "/webinars/{webinarId}/panelists")
def add_panelists(request: HttpRequest, webinar_id: str) -> HttpResponse:
    webinar = sch.find_event(request, WEBINAR, webinar_id)
    if isinstance(webinar, HttpResponse):
        return webinar
    rows = json_body(request).get("panelists")
    if not isinstance(rows, list) or not rows:
        return zoom_error(400, 300, "Invalid field: panelists.")
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("email"), str) or not EMAIL.match(row["email"]):
            return zoom_error(400, 300, f"Invalid field: panelists[{index}].email.")
        if not isinstance(row.get("name"), str) or not row["name"].strip():
            return zoom_error(400, 300, f"Invalid field: panelists[{index}].name.")
    with transaction.atomic(using=DB):
        existing = {p.email: p for p in SandboxPanelist.objects.using(DB).filter(webinar=webinar)}
        new_emails = {row["email"].strip().lower() for row in rows} - set(existing)
        if len(existing) + len(new_emails) > MAX_PANELISTS:
            return zoom_error(400, 3000, "You have reached the limit for the number of panelists you can add. "
                                         "Contact Zoom Support for more information.")
        for row in rows:
            email = row["email"].strip().lower()
            if email in existing:
                existing[email].name = row["name"].strip()
                existing[email].save(using=DB, update_fields=["name"])
            else:
                existing[email] = SandboxPanelist.objects.using(DB).create(
                    webinar=webinar, zoom_id=sch.random_id(), name=row["name"].strip(), email=email,
                    created_at=now().replace(microsecond=0))
    return JsonResponse({"id": str(webinar.zoom_id), "updated_at": iso(now())}, status=201)


@zoom_api(LIGHT, "/webinars/{webinarId}/panelists")
def delete_all_panelists(request: HttpRequest, webinar_id: str) -> HttpResponse:
    webinar = sch.find_event(request, WEBINAR, webinar_id)
    if isinstance(webinar, HttpResponse):
        return webinar
    SandboxPanelist.objects.using(DB).filter(webinar=webinar).delete()
    return m.no_content()


@zoom_api(LIGHT, "/webinars/{webinarId}/panelists/{panelistId}")
def delete_panelist(request: HttpRequest, webinar_id: str, panelist_id: str) -> HttpResponse:
    webinar = sch.find_event(request, WEBINAR, webinar_id)
    if isinstance(webinar, HttpResponse):
        return webinar
    deleted, _ = SandboxPanelist.objects.using(DB).filter(webinar=webinar, zoom_id=panelist_id).delete()
    if not deleted:
        # Assumption: the spec lists no code for an unknown panelist; Zoom's generic 300.
        return zoom_error(400, 300, f"Invalid field: panelistId. Panelist does not exist: {panelist_id}.")
    return m.no_content()


user_webinars = methods(GET=list_webinars, POST=create_webinar)
webinar_detail = methods(GET=get_webinar, PATCH=update_webinar, DELETE=delete_webinar)
webinar_status_view = methods(PUT=webinar_status)
webinar_panelists = methods(GET=list_panelists, POST=add_panelists, DELETE=delete_all_panelists)
webinar_panelist = methods(DELETE=delete_panelist)
