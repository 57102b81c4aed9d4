from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import ConfigurableZoomProvider

urlpatterns = default_urlpatterns(ConfigurableZoomProvider)
