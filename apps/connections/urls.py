from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.settings_index, name="settings"),
    path("settings/connect/", views.connect_start, name="connection_start"),
    path("settings/connect/callback/", views.connect_callback, name="connection_callback"),
    path("settings/connections/server-to-server/", views.server_to_server, name="connection_s2s"),
    path("settings/connections/<str:pk>/disconnect/", views.disconnect, name="connection_disconnect"),
]
