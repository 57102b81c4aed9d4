"""The sandbox database's schema: migrate the core and every area, and start over when the
file was made by a layout whose migrations no longer exist.

The sandbox's data is throwaway (reset to a seed on every start unless ``--keep``), so its
migrations are replaced rather than kept forever: when an area is split out, renamed or
removed, or its initial migration rewritten, an existing file still records the old
migrations and holds their tables, whose foreign keys would break the next reset. Such a
file is emptied and migrated afresh instead.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import registry
from .services import DB


def _is_sandbox_label(label: str) -> bool:
    return label == "sandbox" or label.startswith(registry.LABEL_PREFIX)


def stale_migrations() -> list[tuple[str, str]]:
    """Migrations of the sandbox's apps recorded on its database but absent from the code."""
    connection = connections[DB]
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(key for key in recorder.applied_migrations() if _is_sandbox_label(key[0]) and key not in known)


def drop_all_tables() -> None:
    connection = connections[DB]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    # SQLite's schema editor turns foreign key checks off (outside a transaction): any order will do.
    with connection.schema_editor(atomic=False) as editor:
        for table in tables:
            editor.execute(f"DROP TABLE {editor.quote_name(table)}")


def migrate() -> bool:
    """Bring the sandbox database to the code's schema; True when an outdated one was dropped first."""
    dropped = bool(stale_migrations())
    if dropped:
        drop_all_tables()
    for config in registry.sandbox_app_configs():
        if config.models_module is not None:
            call_command("migrate", config.label, database=DB, verbosity=0, interactive=False)
    return dropped
