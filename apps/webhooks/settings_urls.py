from django.urls import path

from . import views

# Mounted at /settings/webhooks/ (zoomadmin/urls.py), one tab of the Settings pages.
urlpatterns = [
    path("", views.events, name="settings_webhooks"),
    path("<int:pk>/retry/", views.retry, name="settings_webhook_retry"),
]
