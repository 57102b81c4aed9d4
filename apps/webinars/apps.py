from django.apps import AppConfig


class WebinarsConfig(AppConfig):
    name = "apps.webinars"
    label = "webinars"
    urls = (("webinars/", "apps.webinars.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation
        from apps.mirror import registry
        from apps.users import hosted

        from . import sync  # noqa: F401  (registers the sync job handlers)
        from .models import Webinar

        registry.register(registry.Resource(name="webinars", label="Webinars", kind="sync.webinars", model=Webinar,
                                            after="sync.users"))
        navigation.register(navigation.Section("Webinars", "webinars:list", "read", order=30))
        hosted.register(hosted.Hosted(name="webinars", label="Webinars", model=Webinar))
