from __future__ import annotations

from celery import shared_task

from .purge import purge_due


@shared_task(time_limit=600, soft_time_limit=580)
def purge_registrants() -> int:
    return purge_due()
