"""The URLs every event type has, each with the access it needs, mounted by the type's app
under its namespace (``meetings:list``, ``webinars:detail``...)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from apps.accounts.access import requires

from . import views
from .types import EventType


@dataclass(frozen=True, kw_only=True)
class Route:
    route: str
    name: str
    handler: Callable[..., HttpResponse]  # handler(event_type, request, **url_kwargs)
    access: str  # apps.accounts.access level
    post_only: bool = False


ROUTES = (
    Route(route="", name="list", handler=views.list_page, access="read"),
    Route(route="new/", name="new", handler=views.new_page, access="admin"),
    Route(route="count/", name="count", handler=views.count_fragment, access="read"),
    Route(route="preview/", name="preview", handler=views.preview_fragment, access="admin"),
    Route(route="<int:zoom_id>/", name="detail", handler=views.detail_page, access="read"),
    Route(route="<int:zoom_id>/edit/", name="edit", handler=views.edit_page, access="admin"),
    Route(route="<int:zoom_id>/delete/", name="delete", handler=views.delete_page, access="admin"),
    Route(route="<int:zoom_id>/invitation/", name="invitation", handler=views.invitation_fragment, access="read"),
    Route(route="<int:zoom_id>/start-link/", name="start_link", handler=views.start_link_fragment, access="admin",
          post_only=True),
)


def event_view(event_type: EventType, route: Route) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        return route.handler(event_type, request, **kwargs)

    view.__name__ = view.__qualname__ = f"{event_type.noun}_{route.name}"
    if route.post_only:
        view = require_POST(view)
    return requires(route.access)(view)


def event_urls(event_type: EventType, **own_views: Callable[..., HttpResponse]) -> list[URLPattern]:
    """The type's URL patterns; ``own_views`` replace a route's view by name (a webinar's page
    adds its panelists). The invitation is mounted only where Zoom has one."""
    patterns = []
    for route in ROUTES:
        if route.name == "invitation" and not event_type.has_invitation:
            continue
        view = own_views.pop(route.name, None) or event_view(event_type, route)
        patterns.append(path(route.route, view, name=route.name))
    if own_views:
        raise ValueError(f"no such event route: {', '.join(own_views)}")
    return patterns
