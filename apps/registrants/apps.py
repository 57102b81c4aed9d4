from django.apps import AppConfig


class RegistrantsConfig(AppConfig):
    name = "apps.registrants"
    label = "registrants"
    urls = (("registrants/", "apps.registrants.urls"),)

    def ready(self) -> None:
        from apps.events import counts as event_counts
        from apps.jobs import pages
        from apps.lib import navigation
        from apps.mirror import registry

        from . import decide, imports, sync  # noqa: F401  (register the job handlers)
        from .counts import by_status
        from .models import Registrant

        # One registrant sync per event with registration: the events' syncs start them.
        registry.register(registry.Resource(name="registrants", label="Registrants", kind="sync.registrants",
                                            model=Registrant, sync_now=("sync.meetings", "sync.webinars")))
        navigation.register(navigation.Section(
            "Registrants", "registrants:inbox", "registrants", order=10, badge=pending_badge, badge_name="pending",
            badge_title="Pending registrants"))
        pages.register("registrants.decide", "Registrant decision", "registrants:decision")
        pages.register(imports.IMPORT_KIND, "Registrant import", "registrants:import_job")
        # An event's page shows its registrants per status (events is below registrants).
        event_counts.provide_registrant_counts(by_status)


def pending_badge(request) -> int:
    from .listing import pending_count

    return pending_count(request.account)  # one COUNT on an index, cached briefly
