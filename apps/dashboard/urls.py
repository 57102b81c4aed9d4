from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("switch-account/", views.switch_account, name="switch_account"),
    path("sync/status/", views.sync_status, name="sync_status"),
    path("sync/<slug:resource>/", views.sync_now, name="sync_now"),
]
