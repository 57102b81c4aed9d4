from django.urls import path

from . import views

app_name = "webinars"

urlpatterns = [
    path("", views.webinar_list, name="list"),
    path("new/", views.webinar_new, name="new"),
    path("count/", views.webinar_count, name="count"),
    path("preview/", views.webinar_preview, name="preview"),
    path("<int:zoom_id>/", views.webinar_detail, name="detail"),
    path("<int:zoom_id>/edit/", views.webinar_edit, name="edit"),
    path("<int:zoom_id>/delete/", views.webinar_delete, name="delete"),
    path("<int:zoom_id>/start-link/", views.webinar_start_link, name="start_link"),
    path("<int:zoom_id>/panelists/", views.panelist_add, name="panelist_add"),
    path("<int:zoom_id>/panelists/<str:panelist_id>/remove/", views.panelist_remove, name="panelist_remove"),
]
