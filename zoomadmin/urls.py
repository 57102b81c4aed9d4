from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("apps.accounts.api.urls")),
    path("webhooks/", include("apps.webhooks.urls")),
    path("settings/webhooks/", include("apps.webhooks.settings_urls")),
    path("registrants/", include("apps.registrants.urls")),
    path("users/", include("apps.users.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("webinars/", include("apps.webinars.urls")),
    path("reports/", include("apps.reports.urls")),
    path("", include("apps.jobs.urls")),
    path("", include("apps.accounts.urls")),
]
