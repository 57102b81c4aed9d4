from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/<slug:slug>/", views.new_report, name="new"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/progress/", views.run_progress, name="progress"),
    path("<int:run_id>/cancel/", views.cancel_run, name="cancel"),
    path("<int:run_id>/rerun/", views.rerun, name="rerun"),
    path("<int:run_id>/csv/", views.run_csv, name="csv"),
]
