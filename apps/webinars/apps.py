from __future__ import annotations

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
        from .types import WEBINAR

        registry.register(registry.Resource(name=WEBINAR.namespace, label=WEBINAR.label, kind=WEBINAR.sync_job,
                                            model=WEBINAR.model, after="sync.users"))
        navigation.register(navigation.Section(WEBINAR.label, f"{WEBINAR.namespace}:list", "read", order=30))
        hosted.register(hosted.Hosted(name=WEBINAR.namespace, label=WEBINAR.label, model=WEBINAR.model))
