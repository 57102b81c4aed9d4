from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def zoom_settings_check(app_configs, **kwargs):
    problems = []
    if not settings.ZOOM_CLIENT_ID or not settings.ZOOM_CLIENT_SECRET:
        problems.append(
            Warning(
                "ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET are not set: nobody can sign in with Zoom.",
                id="zoomadmin.W001",
            )
        )
    for url in (settings.ZOOM_OAUTH_BASE_URL, settings.ZOOM_API_BASE_URL):
        if not url.startswith("https://"):
            problems.append(Error(f"{url} is not HTTPS: tokens would travel in clear.", id="zoomadmin.E001"))
    return problems
