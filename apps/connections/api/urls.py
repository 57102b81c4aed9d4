"""JSON API routes, mounted by the root urls at ``api/v1/`` (no trailing slashes, as in seed 000)."""

from __future__ import annotations

from django.urls import path

from . import views


def _api_view(view_class):
    view = view_class.as_view()
    view.required_role = view_class.required_role  # visible on the resolved function too
    return view


app_name = "api"

urlpatterns = [
    path(
        "zoom_oauth_connections",
        _api_view(views.ZoomOAuthConnectionList),
        name="zoom_oauth_connection_list",
    ),
    path(
        "zoom_oauth_connections/<str:pk>",
        _api_view(views.ZoomOAuthConnectionDetail),
        name="zoom_oauth_connection_detail",
    ),
]
