from django.urls import path

from .views import bulk, edit, pages

app_name = "users"

urlpatterns = [
    path("", pages.user_list, name="list"),
    path("count/", pages.match_count, name="count"),
    path("seats/", pages.seats, name="seats"),
    path("picker/", pages.picker, name="picker"),
    path("export/", pages.export, name="export"),
    path("add/", edit.add, name="add"),
    path("bulk/", bulk.bulk_action, name="bulk"),
    path("import/", bulk.import_csv, name="import"),
    path("jobs/<int:pk>/", bulk.job, name="job"),
    path("<str:zoom_id>/", pages.user_detail, name="detail"),
    path("<str:zoom_id>/edit/", edit.edit, name="edit"),
    path("<str:zoom_id>/role/", edit.role, name="role"),
    path("<str:zoom_id>/group/", edit.group, name="group"),
    path("<str:zoom_id>/status/", edit.status, name="status"),
    path("<str:zoom_id>/remove/", edit.remove, name="remove"),
    path("<str:zoom_id>/reinvite/", edit.reinvite, name="reinvite"),
]
