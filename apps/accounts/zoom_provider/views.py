"""allauth's Zoom adapter with its URLs taken from settings.

allauth hard-codes zoom.us; the sandbox (and any Zoom-compatible endpoint) needs
them configurable, so this subclasses the adapter instead of forking the provider.
"""

from __future__ import annotations

from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.zoom.views import ZoomOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


class ConfigurableZoomOAuth2Adapter(ZoomOAuth2Adapter):
    # Zoom documents HTTP Basic client authentication on its token endpoint.
    basic_auth = True

    @property
    def access_token_url(self) -> str:  # type: ignore[override]
        return f"{settings.ZOOM_OAUTH_BASE_URL}/oauth/token"

    @property
    def authorize_url(self) -> str:  # type: ignore[override]
        return f"{settings.ZOOM_OAUTH_BASE_URL}/oauth/authorize"

    @property
    def profile_url(self) -> str:  # type: ignore[override]
        return f"{settings.ZOOM_API_BASE_URL}/users/me"


oauth2_login = OAuth2LoginView.adapter_view(ConfigurableZoomOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(ConfigurableZoomOAuth2Adapter)


def refused(request: HttpRequest, reason: str, email: str = "") -> HttpResponse:
    """Sign-in refused, and why: ``unverified`` (Zoom has not verified the email) or ``incomplete``."""
    return render(request, "account/signin_refused.html", {"reason": reason, "email": email}, status=403)


def no_signup_form(request: HttpRequest) -> HttpResponse:
    """Stands in for allauth's social sign-up form: the email is Zoom's, never typed in."""
    request.session.pop("socialaccount_sociallogin", None)
    return refused(request, "incomplete")


def no_connections_page(request: HttpRequest) -> HttpResponse:
    """Stands in for allauth's "connected accounts" page: one local user is one Zoom user, so no
    second Zoom identity is ever attached to it (and none is detached)."""
    raise Http404("No such page.")
