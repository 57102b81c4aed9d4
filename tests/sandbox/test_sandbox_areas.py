"""The sandbox's areas: found through their app configs, routed to the sandbox database, their
paths never shadowing each other's, their migrations in step with their models; a new area
(tests/sandbox/example_area) is served, seeded and wiped with no change to the core; a database
made by an older layout is started afresh."""

from __future__ import annotations

import base64
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.urls import URLPattern, URLResolver, get_resolver

from apps.sandbox import registry
from apps.sandbox.demo import S2S_APP, demo_account_ids
from apps.sandbox.testing import PROJECT_DIR, SandboxServer
from zoomadmin.routers import SandboxRouter

HERE = Path(__file__).resolve().parent


def test_the_areas_are_the_installed_apps_whose_config_is_a_sandbox_area() -> None:
    assert [a.label for a in registry.areas()] == ["sandbox_users", "sandbox_events", "sandbox_reports"]
    assert [c.label for c in registry.sandbox_app_configs()] == [
        "sandbox", "sandbox_users", "sandbox_events", "sandbox_reports"]
    assert set(registry.demo_sizes()) == {"meetings", "registrants"}
    assert registry.find_model("SandboxMeeting")._meta.app_label == "sandbox_events"
    assert registry.find_model("SandboxRecording") is None


def test_every_sandbox_model_is_on_the_sandbox_database_and_no_dashboard_model_is() -> None:
    router = SandboxRouter()
    sandbox_labels = {c.label for c in registry.sandbox_app_configs()}
    for model in apps.get_models():
        on_sandbox = model._meta.app_label in sandbox_labels
        assert router.db_for_read(model) == ("sandbox" if on_sandbox else "default"), model
        assert router.allow_migrate("sandbox", model._meta.app_label) is on_sandbox, model
        assert router.allow_migrate("default", model._meta.app_label) is not on_sandbox, model


def _patterns(resolver: URLResolver) -> list[URLPattern]:
    found: list[URLPattern] = []
    for entry in resolver.url_patterns:
        found += _patterns(entry) if isinstance(entry, URLResolver) else [entry]
    return found


@pytest.mark.urls("apps.sandbox.urls")
def test_no_path_of_an_area_shadows_another() -> None:
    """Areas add their paths independently: each one must still reach its own view."""
    resolver = get_resolver()
    for pattern in _patterns(resolver):
        sample = re.sub(r"<(?:\w+:)?\w+>", "sample-id", str(pattern.pattern))
        assert resolver.resolve("/" + sample).func is pattern.callback, pattern


def test_the_migrations_match_the_models() -> None:
    """What ``makemigrations --check`` does, for the sandbox's apps, without a database."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps)).changes(graph=loader.graph)
    sandbox_labels = {c.label for c in registry.sandbox_app_configs()}
    assert not {label: [str(m.operations) for m in found]
                for label, found in changes.items() if label in sandbox_labels}


# --- In other processes: a new area, and a file from an older layout ---------------------------


def _post(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _get(url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
        return json.loads(response.read())


def test_a_new_area_is_served_seeded_summed_up_and_wiped_with_no_change_to_the_core(tmp_path: Path) -> None:
    env = {"DJANGO_SETTINGS_MODULE": "example_area.settings",
           "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}
    # Its own record file: /v2/example/notes is no Zoom operation, the session's contract check must not see it.
    with SandboxServer(env=env, extra_args=["--notes", "3"], record_path=tmp_path / "example.jsonl") as zoom:
        assert [a["notes"] for a in zoom.state()["accounts"]] == [3, 3]
        reset = zoom.reset(users=5)
        assert [a["notes"] for a in reset["accounts"]] == [2, 2]  # the area's default size
        assert [a["notes"] for a in _post(f"{zoom.url}/_sandbox/reset", {"notes": 1})["accounts"]] == [1, 1]
        assert _get(f"{zoom.url}/_sandbox/example/resets") == {"resets": 2}
        basic = base64.b64encode(f"{S2S_APP[0]}:{S2S_APP[1]}".encode()).decode()
        token = _post(f"{zoom.url}/oauth/token?grant_type=account_credentials&account_id={demo_account_ids(1)[0]}",
                      {}, {"Authorization": f"Basic {basic}"})["access_token"]
        notes = _get(f"{zoom.api_url}/example/notes", {"Authorization": f"Bearer {token}"})
        assert notes["total_records"] == 1 and zoom.calls()["GET /v2/example/notes"] == 1


def _in_django(db_path: Path, code: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zoomadmin.settings", "SANDBOX_DATABASE_PATH": str(db_path)}
    script = f"import django\ndjango.setup()\nfrom apps.sandbox import demo, schema\n{code}"
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_database_made_by_an_older_layout_is_started_afresh(tmp_path: Path) -> None:
    db_path = tmp_path / "sandbox.sqlite3"
    assert _in_django(db_path, "print(schema.migrate()); demo.reset(users=5)") == "False"
    # What the single-app sandbox left behind: its later migrations, and a table of a model
    # that moved to an area, whose rows point at the core's users.
    with sqlite3.connect(db_path) as db:
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES "
                   "('sandbox', '0002_groups_webhooks', '2026-01-01 00:00:00')")
        db.execute('CREATE TABLE "sandbox_sandboxgroupmember" ("id" integer PRIMARY KEY, "user_id" bigint NOT NULL '
                   'REFERENCES "sandbox_sandboxuser" ("id") DEFERRABLE INITIALLY DEFERRED)')
        db.execute('INSERT INTO "sandbox_sandboxgroupmember" ("user_id") SELECT "id" FROM "sandbox_sandboxuser"')
    assert _in_django(db_path, "print(schema.stale_migrations())") == "[('sandbox', '0002_groups_webhooks')]"
    out = _in_django(db_path, "print(schema.migrate()); demo.reset(users=5); print(schema.stale_migrations())")
    assert out.splitlines() == ["True", "[]"]
    with sqlite3.connect(db_path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "sandbox_sandboxgroupmember" not in tables and "sandbox_users_sandboxgroupmember" in tables
