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
