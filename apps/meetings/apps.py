from __future__ import annotations

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "apps.meetings"
    label = "meetings"
    urls = (("meetings/", "apps.meetings.urls"),)

    def ready(self) -> None:
        from apps.lib import navigation
        from apps.mirror import registry
        from apps.users import hosted

        from . import sync  # noqa: F401  (registers the sync job handlers)
        from .types import MEETING

        # Meetings are listed per host: a full sync lists them once the users are in.
        registry.register(registry.Resource(name=MEETING.namespace, label=MEETING.label, kind=MEETING.sync_job,
                                            model=MEETING.model, after="sync.users"))
        navigation.register(navigation.Section(MEETING.label, f"{MEETING.namespace}:list", "read", order=20))
        hosted.register(hosted.Hosted(name=MEETING.namespace, label=MEETING.label, model=MEETING.model))
