"""The inbox's filters and the queryset they select: one definition, used by the page,
by "select all that match" and by the export, so they always take the same rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from apps.lib.listing import querystring as lib_querystring
from apps.meetings.models import Meeting
from apps.webinars.models import Webinar

from .models import Registrant

PAGE_SIZE = 50
STATUSES = [c[0] for c in Registrant.Status.choices]
FILTER_FIELDS = ("status", "event", "kind", "registered_from", "registered_to", "domain", "answer", "q")


@dataclass(frozen=True)
class EventRef:
    """An event named the way forms and URLs carry it: "meeting:123" or "webinar:456"."""

    kind: str
    zoom_id: int

    @classmethod
    def parse(cls, value: str) -> EventRef | None:
        kind, _, raw = (value or "").partition(":")
        if kind not in ("meeting", "webinar") or not raw.isdigit():
            return None
        return cls(kind, int(raw))

    def __str__(self) -> str:
        return f"{self.kind}:{self.zoom_id}"


def event_choices(account) -> list[tuple[str, str]]:
    """Events with registration, for the add forms (two small queries)."""
    choices = [("", "All events")]
    for kind, model in (("meeting", Meeting), ("webinar", Webinar)):
        rows = model.objects.filter(account=account, settings__approval_type__in=[0, 1]).values_list("zoom_id", "topic")
        choices += [(f"{kind}:{zoom_id}", f"{topic} ({kind} {zoom_id})") for zoom_id, topic in rows]
    return choices


EVENT_FILTER_TTL = 60  # seconds


def filter_event_choices(account) -> list[tuple[str, str]]:
    """The inbox's event filter: events that have registrants in the mirror, by topic.

    Cached for a minute per account: on a large account the list costs more than the page,
    and an event that just got its first registrant can still be typed into the URL."""
    key = f"registrants:filter-events:{account.pk}"
    choices = cache.get(key)
    if choices is None:
        choices = [("", "All events")]
        for kind, model in (("meeting", Meeting), ("webinar", Webinar)):
            rows = (model.objects.filter(account=account, registrants__isnull=False).distinct()
                    .order_by("topic", "zoom_id").values_list("zoom_id", "topic"))
            choices += [(f"{kind}:{zoom_id}", f"{topic} ({kind} {zoom_id})") for zoom_id, topic in rows]
        cache.set(key, choices, EVENT_FILTER_TTL)
    return choices


class InboxFilter(forms.Form):
    status = forms.ChoiceField(choices=Registrant.Status.choices, required=False)
    # A select of the events with registrants (its choices are set where the form is shown);
    # any "kind:id" is accepted, so an event newer than the cached choices still filters.
    event = forms.CharField(required=False, max_length=40, label="Event", widget=forms.Select)
    kind = forms.ChoiceField(choices=[("", "Meetings and webinars"), ("meeting", "Meetings"),
                                      ("webinar", "Webinars")], required=False, label="Type")
    registered_from = forms.DateField(required=False, label="Registered from",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    registered_to = forms.DateField(required=False, label="Registered to",
                                    widget=forms.DateInput(attrs={"type": "date"}))
    domain = forms.CharField(required=False, max_length=253, label="Email domain",
                             widget=forms.TextInput(attrs={"placeholder": "example.com"}))
    answer = forms.CharField(required=False, max_length=128, label="Answer contains")
    q = forms.CharField(required=False, max_length=200, label="Search name or email")

    def clean_event(self) -> EventRef | None:
        value = self.cleaned_data.get("event") or ""
        if not value:
            return None
        ref = EventRef.parse(value)
        if ref is None:
            raise forms.ValidationError("Pick an event from the list.")
        return ref

    def clean_domain(self) -> str:
        domain = (self.cleaned_data.get("domain") or "").strip().lower().lstrip("@")
        if domain and (" " in domain or "@" in domain or "." not in domain):
            raise forms.ValidationError("Enter a domain such as example.com.")
        return domain

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", "The end date is before the start date.")
        return data


def parse_filters(data: QueryDict | dict, account=None) -> InboxFilter:
    form = InboxFilter(data)
    form.is_valid()
    return form


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def queryset(account, filters: InboxFilter) -> QuerySet[Registrant]:
    """The registrants the filters select, newest first. Invalid filters select nothing:
    a bad value must never widen a bulk decision."""
    if not filters.is_valid():
        return Registrant.objects.none()
    data = filters.cleaned_data
    qs = Registrant.objects.filter(account=account, status=data.get("status") or Registrant.Status.PENDING)
    ref: EventRef | None = data.get("event")
    if ref is not None:
        qs = qs.filter(**{f"{ref.kind}__zoom_id": ref.zoom_id, f"{ref.kind}__account": account})
    if data.get("kind") == "meeting":
        qs = qs.filter(meeting__isnull=False)
    elif data.get("kind") == "webinar":
        qs = qs.filter(webinar__isnull=False)
    if data.get("registered_from"):
        qs = qs.filter(registered_at__gte=_day_start(data["registered_from"]))
    if data.get("registered_to"):
        qs = qs.filter(registered_at__lt=_day_start(data["registered_to"] + dt.timedelta(days=1)))
    if data.get("domain"):
        qs = qs.filter(email__endswith="@" + data["domain"])  # emails are stored lower-case
    if data.get("answer"):
        # Matches the answers' text (the JSON as stored); titles match too, which helps.
        qs = qs.filter(custom_questions__icontains=data["answer"])
    if data.get("q"):
        words = data["q"].split()
        for word in words[:5]:
            qs = qs.filter(Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("-registered_at", "-id")


def querystring(filters: InboxFilter, **override: str) -> str:
    """The filters as a querystring (what the URL and "select all" carry)."""
    return lib_querystring(filters.data, FILTER_FIELDS, **override)



PENDING_COUNT_TTL = 10  # seconds


def _pending_key(account) -> str:
    return f"registrants:pending:{account.pk}"


def pending_count(account) -> int:
    """The navigation's badge. Cached briefly: it is on every page, and a COUNT over a large
    inbox costs more than the rest of the layout. Decisions made here forget it at once;
    changes from webhooks and syncs show within PENDING_COUNT_TTL seconds."""
    return cache.get_or_set(
        _pending_key(account),
        lambda: Registrant.objects.filter(account=account, status=Registrant.Status.PENDING).count(),
        PENDING_COUNT_TTL,
    )


def forget_pending_count(account) -> None:
    cache.delete(_pending_key(account))
