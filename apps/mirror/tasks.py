from __future__ import annotations

from celery import shared_task

from .schedule import due_accounts, start_full_sync


@shared_task(time_limit=120, soft_time_limit=110)
def schedule_syncs() -> int:
    """The periodic sync: a full sync of each connected account that is due."""
    accounts = list(due_accounts())
    for account in accounts:
        start_full_sync(account)
    return len(accounts)
