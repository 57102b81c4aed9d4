"""Celery tasks: apply one event (with back-off retries), re-send stuck events, purge old ones."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=None, time_limit=300, soft_time_limit=280)
def apply_event(self, event_id: int) -> str:
    """Idempotent: the event is claimed with a conditional UPDATE; retries are bounded by
    WEBHOOK_MAX_ATTEMPTS on the row, then the event is marked failed with the reason."""
    if self.request.retries:
        services.release_for_retry(event_id)
    outcome, delay = services.process(event_id)
    if delay is not None:
        raise self.retry(countdown=delay)
    return outcome


@shared_task(time_limit=120, soft_time_limit=110)
def requeue_stuck_events() -> list[int]:
    return services.requeue_stuck()


@shared_task(time_limit=600, soft_time_limit=580)
def purge_old_events() -> int:
    return services.purge_old()
