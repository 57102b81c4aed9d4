"""Keeps the sandbox's state on its own database alias.

The dashboard never reads the sandbox's tables: they stand for Zoom's servers.
"""

from __future__ import annotations

SANDBOX_APP = "sandbox"
SANDBOX_DB = "sandbox"


class SandboxRouter:
    def db_for_read(self, model, **hints):
        return SANDBOX_DB if model._meta.app_label == SANDBOX_APP else "default"

    db_for_write = db_for_read

    def allow_relation(self, obj1, obj2, **hints):
        return (obj1._meta.app_label == SANDBOX_APP) == (obj2._meta.app_label == SANDBOX_APP)

    def allow_migrate(self, db, app_label, **hints):
        if app_label == SANDBOX_APP:
            return db == SANDBOX_DB
        return db != SANDBOX_DB
