from django.urls import path

from . import views

# Mounted at /webhooks/ (zoomadmin/urls.py).
urlpatterns = [
    path("zoom/", views.zoom_webhook, name="zoom_webhook"),
]
