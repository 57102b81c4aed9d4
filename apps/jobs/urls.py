from django.urls import path

from . import views

urlpatterns = [
    path("sync/status/", views.sync_status, name="sync_status"),
    path("sync/<slug:resource>/", views.sync_now, name="sync_now"),
]
