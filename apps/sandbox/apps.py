from __future__ import annotations

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    """The sandbox's core: accounts, users, apps, tokens, clock and call counts. Its areas
    (``apps.sandbox.areas.*``) are apps of their own, found through ``apps.sandbox.registry``."""

    name = "apps.sandbox"
    label = "sandbox"
    verbose_name = "Zoom sandbox"
    # zoomadmin.routers: this app's models live on the "sandbox" database, and only there.
    sandbox_database = True
