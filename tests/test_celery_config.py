"""Every task's soft time limit fits inside its hard one, or beat cannot send it."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.conf import settings

from zoomadmin.celery import app


def our_tasks() -> dict:
    for tasks in sorted(Path(settings.BASE_DIR, "apps").glob("*/tasks.py")):
        importlib.import_module(f"apps.{tasks.parent.name}.tasks")
    return {name: task for name, task in app.tasks.items() if name.startswith("apps.")}


def test_every_task_has_a_soft_limit_below_its_hard_limit():
    tasks = our_tasks()
    assert tasks
    for name, task in tasks.items():
        hard = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        soft = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        assert soft <= hard, name


def test_every_beat_entry_names_a_registered_task():
    tasks = our_tasks()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in tasks, entry["task"]


def test_the_filesystem_broker_writes_whole_messages_only(tmp_path):
    """A message file appears only once complete: a half-written one must never be picked up."""
    from kombu import Connection

    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path),
               "processed_folder": str(tmp_path), "control_folder": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport_options=options) as conn:
        assert type(conn.transport).__module__ == "zoomadmin.broker"
        queue = conn.SimpleQueue("whole")
        (tmp_path / "1_x.whole.msg.part").write_bytes(b"")  # a write in progress: ignored
        queue.put({"n": 1})
        assert not list(tmp_path.glob("*.part"))[1:]
        assert queue.get(timeout=2).payload == {"n": 1}
        queue.close()
