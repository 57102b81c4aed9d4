from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("count/", views.meeting_count, name="count"),
    path("preview/", views.meeting_preview, name="preview"),
    path("<int:zoom_id>/", views.meeting_detail, name="detail"),
    path("<int:zoom_id>/edit/", views.meeting_edit, name="edit"),
    path("<int:zoom_id>/delete/", views.meeting_delete, name="delete"),
    path("<int:zoom_id>/invitation/", views.meeting_invitation, name="invitation"),
    path("<int:zoom_id>/start-link/", views.meeting_start_link, name="start_link"),
]
