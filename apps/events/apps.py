from __future__ import annotations

from django.apps import AppConfig


class EventsConfig(AppConfig):
    """What meetings and webinars share. It has no URLs or models of its own: the apps
    above it (meetings, webinars) mount the events views with their descriptor."""

    name = "apps.events"
    label = "events"
