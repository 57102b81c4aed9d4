"""The root URLconf: allauth, then every app's own URLs.

An app mounts its URLs by naming them on its AppConfig (``urls = (("users/", "apps.users.urls"),)``),
so a new app adds no line here. They are included in INSTALLED_APPS order.
"""

from django.apps import apps
from django.urls import include, path

from apps.accounts.zoom_provider.views import no_connections_page, no_signup_form

urlpatterns = [
    # allauth's social sign-up form would let a person choose their email: never served.
    path("accounts/3rdparty/signup/", no_signup_form, name="socialaccount_signup"),
    # One local user is one Zoom user: no page to attach another Zoom identity (or detach one).
    path("accounts/3rdparty/", no_connections_page, name="socialaccount_connections"),
    path("accounts/", include("allauth.urls")),
]
for config in apps.get_app_configs():
    for prefix, module in getattr(config, "urls", ()):
        urlpatterns.append(path(prefix, include(module)))
