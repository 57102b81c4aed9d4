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
