from __future__ import annotations

from allauth.socialaccount.providers.zoom.provider import ZoomAccount, ZoomProvider

from .views import ConfigurableZoomOAuth2Adapter


class ConfigurableZoomProvider(ZoomProvider):
    """Same id ("zoom") and data mapping as allauth's, with URLs from settings."""

    account_class = ZoomAccount
    oauth2_adapter_class = ConfigurableZoomOAuth2Adapter


provider_classes = [ConfigurableZoomProvider]
