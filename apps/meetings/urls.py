from __future__ import annotations

from apps.events.urls import event_urls

from .types import MEETING

app_name = "meetings"

urlpatterns = event_urls(MEETING)
