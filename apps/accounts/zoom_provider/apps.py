from django.apps import AppConfig


class ZoomProviderConfig(AppConfig):
    name = "apps.accounts.zoom_provider"
    label = "zoom_provider"
    verbose_name = "Zoom sign-in (configurable base URLs)"
