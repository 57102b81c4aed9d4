from __future__ import annotations

from typing import TYPE_CHECKING

from apps.sandbox.registry import DemoSize, SandboxArea

if TYPE_CHECKING:
    from apps.sandbox.demo import DemoSeed

DEFAULT_MEETINGS = 40
DEFAULT_REGISTRANTS = 200


class EventsConfig(SandboxArea):
    """Meetings, webinars, occurrences, panelists and registrants; simulated registrations."""

    name = "apps.sandbox.areas.events"
    label = "sandbox_events"
    verbose_name = "Zoom sandbox: meetings and webinars"
    demo_sizes = {
        "meetings": DemoSize(DEFAULT_MEETINGS, "Meetings (and webinars) to seed in Northwind."),
        "registrants": DemoSize(DEFAULT_REGISTRANTS, "Registrants to seed over those that take registration."),
    }

    def seed(self, demo: DemoSeed) -> None:
        from .demo import seed_events

        # Northwind only, from its own stream: adding events never changes the users of a seed.
        northwind = demo.accounts[0]
        seed_events(northwind.account, northwind.users, demo.rng("events"),
                    meetings=demo.sizes["meetings"], registrants=demo.sizes["registrants"])
