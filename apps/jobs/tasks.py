from __future__ import annotations

from celery import shared_task

from apps.zoom.errors import ZoomTemporaryError

from . import services


@shared_task(
    bind=True,
    autoretry_for=(ZoomTemporaryError,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=None,  # bounded by JOB_MAX_ATTEMPTS on the row
    time_limit=3600,
    soft_time_limit=3540,
)
def run_job(self, job_id: int) -> str:
    return services.run(job_id)


@shared_task(time_limit=120, soft_time_limit=110)
def requeue_stale_jobs() -> list[int]:
    return services.requeue_stale()


@shared_task(time_limit=120, soft_time_limit=110)
def schedule_syncs() -> int:
    """The periodic sync: a full sync of each connected account that is due."""
    from .mirror import due_accounts, start_full_sync

    accounts = list(due_accounts())
    for account in accounts:
        start_full_sync(account)
    return len(accounts)


@shared_task(time_limit=600, soft_time_limit=580)
def purge_registrants() -> int:
    from apps.registrants.purge import purge_due

    return purge_due()
