from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("apps.accounts.api.urls")),
    path("", include("apps.jobs.urls")),
    path("", include("apps.accounts.urls")),
]
