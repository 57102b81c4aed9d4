"""Settings → Webhook events as a list: the same public names as every list's ``listing.py``."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from apps.accounts.models import ZoomAccount
from apps.lib.listing import querystring as lib_querystring

from .models import WebhookEvent

PAGE_SIZE = 50


class EventFilters(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any"), *WebhookEvent.Status.choices])


def parse_filters(data: QueryDict, account: ZoomAccount | None = None) -> EventFilters:
    return EventFilters(data)


def queryset(account: ZoomAccount, filters: EventFilters) -> QuerySet[WebhookEvent]:
    """The account's events, newest first (the model's order); an unknown status lists all,
    as the page always did."""
    rows = WebhookEvent.objects.filter(account=account).defer("payload")
    if filters.is_valid() and filters.cleaned_data["status"]:
        rows = rows.filter(status=filters.cleaned_data["status"])
    return rows


def querystring(filters: EventFilters, **override: str) -> str:
    return lib_querystring(filters.data, filters.fields, **override)
