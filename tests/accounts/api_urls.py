"""Test-only root urlconf that mounts the JSON API the way the project's root urls will."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("apps.connections.api.urls"))]
