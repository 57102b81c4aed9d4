"""Whose Zoom call this is: a person waiting on a page, a job a person started, or background work.

The budget serves them in that order. Web requests are ``interactive`` unless told otherwise; the
jobs layer sets ``job`` or ``background`` around a handler (this layer cannot know what a job is),
and any other Celery task (beat-started work) runs as ``background``. A ZoomClient takes the
priority current when it is made, so the threads a handler starts with it keep it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

INTERACTIVE = "interactive"
JOB = "job"
BACKGROUND = "background"
PRIORITIES = (INTERACTIVE, JOB, BACKGROUND)

_current: ContextVar[str] = ContextVar("zoom_priority", default=INTERACTIVE)


def current() -> str:
    return _current.get()


@contextmanager
def priority(name: str) -> Iterator[None]:
    """Calls made (and clients made) inside the block have priority ``name``."""
    if name not in PRIORITIES:
        raise ValueError(f"unknown priority {name!r}")
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)


_celery_tokens: dict[str, object] = {}


def _task_started(task_id=None, **kwargs) -> None:
    _celery_tokens[task_id] = _current.set(BACKGROUND)


def _task_ended(task_id=None, **kwargs) -> None:
    token = _celery_tokens.pop(task_id, None)
    if token is not None:
        try:
            _current.reset(token)
        except ValueError:  # set in another context: leave the default to the next task's own set
            _current.set(INTERACTIVE)


def connect_celery_signals() -> None:
    """Celery tasks not run as jobs (beat's schedule) are background work."""
    from celery.signals import task_postrun, task_prerun

    task_prerun.connect(_task_started, weak=False, dispatch_uid="zoom-priority-start")
    task_postrun.connect(_task_ended, weak=False, dispatch_uid="zoom-priority-end")
