from django.apps import AppConfig


class ZoomConfig(AppConfig):
    name = "apps.zoom"
    label = "zoom"
