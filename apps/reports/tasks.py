from __future__ import annotations

from celery import shared_task

from apps.accounts.models import ZoomAccount, ZoomOAuthConnection

from .overview import refresh_if_stale


@shared_task(time_limit=120, soft_time_limit=110)
def refresh_overviews() -> int:
    """Every connected account's overview charts, when older than an hour."""
    accounts = ZoomAccount.objects.filter(connections__state=ZoomOAuthConnection.State.CONNECTED).distinct()
    for account in accounts:
        refresh_if_stale(account)
    return len(accounts)
