from __future__ import annotations

from django.urls import path

from apps.events.urls import event_urls

from . import views
from .types import WEBINAR

app_name = "webinars"

urlpatterns = [
    *event_urls(WEBINAR, detail=views.webinar_detail),
    path("<int:zoom_id>/panelists/", views.panelist_add, name="panelist_add"),
    path("<int:zoom_id>/panelists/<str:panelist_id>/remove/", views.panelist_remove, name="panelist_remove"),
]
