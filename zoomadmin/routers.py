"""Keeps the sandbox's state on its own database alias.

The dashboard never reads the sandbox's tables: they stand for Zoom's servers. Which apps
are the sandbox's is said by their AppConfig (``sandbox_database = True``: the sandbox's
core and each of its areas), so a new area needs no change here; this module imports
nothing of the sandbox.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps

SANDBOX_DB = "sandbox"


def on_sandbox(app_label: str) -> bool:
    """Whether the app's models live on the sandbox database (and only there)."""
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    return bool(getattr(config, "sandbox_database", False))


class SandboxRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        # By label through the app registry: historical models (migrations) have no app_config marker.
        return SANDBOX_DB if on_sandbox(model._meta.app_label) else "default"

    db_for_write = db_for_read

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return on_sandbox(obj1._meta.app_label) == on_sandbox(obj2._meta.app_label)

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        if on_sandbox(app_label):
            return db == SANDBOX_DB
        return db != SANDBOX_DB
