"""One descriptor per kind of Zoom event. The events code (forms, listing, sync, services,
views, templates) takes an ``EventType`` as an argument instead of asking "meeting or
webinar?"; each app above events defines its own: ``apps.meetings.types.MEETING`` and
``apps.webinars.types.WEBINAR``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from .forms import EventForm
    from .models import OccurrenceBase, ZoomEvent

# The words of Zoom's three event types, in the order of ``EventType.zoom_types``.
TYPE_WORDS = ("Scheduled", "Recurring, no fixed time", "Recurring")


# eq=False: a descriptor is one object per type, compared and hashed by identity (its
# mappings would make a generated hash fail).
@dataclass(frozen=True, kw_only=True, eq=False)
class EventType:
    noun: str  # "meeting": page words, audit target type and actions ("meeting.created"), registrants' event key
    label: str  # "Meetings": the header section, the mirror resource, the user's page
    namespace: str  # URL namespace and mirror resource name: "meetings"
    model: type[ZoomEvent]
    occurrence_model: type[OccurrenceBase]
    form_class: type[EventForm]  # its scheduled/floating/fixed types are the Zoom types
    sync_job: str  # the job kind that mirrors them: "sync.meetings"

    # Zoom's paths and bodies are apps.zoom.endpoints.events', which take ``noun`` as the kind.
    list_params: Mapping[str, str] = field(default_factory=dict)  # sent with every page of a host's list
    has_invitation: bool = False  # Zoom has invitation text for meetings, not for webinars
    notifies_host: bool = False  # a delete can email the host (meetings; Zoom has no such notice for webinars)
    # Zoom's names of the type's own body fields ("settings.waiting_room") -> form fields;
    # the shared ones are in apps.events.services.
    zoom_fields: Mapping[str, str] = field(default_factory=dict)

    registrant_fk: str  # the registrant's foreign key to this type: "meeting"
    # Pages whose template is the type's own (extending the events page): {"detail": "webinars/detail.html"}.
    templates: Mapping[str, str] = field(default_factory=dict)

    @property
    def zoom_types(self) -> tuple[int, int, int]:
        """Zoom's numbers for scheduled, recurring with no fixed time, and recurring."""
        form = self.form_class
        return form.scheduled_type, form.floating_type, form.fixed_type

    @property
    def floating_type(self) -> int:
        return self.form_class.floating_type

    @property
    def type_names(self) -> dict[int, str]:
        return dict(zip(self.zoom_types, TYPE_WORDS, strict=True))

    def template(self, page: str) -> str:
        """The whole page's template; its htmx fragments are always the events page's partials."""
        return self.templates.get(page, f"events/{page}.html")

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)
