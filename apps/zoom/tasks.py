from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import ZoomOAuthApp, ZoomOAuthConnection

from . import tokens
from .errors import ReconnectNeeded, ZoomTemporaryError

logger = logging.getLogger("apps.zoom")


def idle_connections() -> list[str]:
    """OAuth connections whose refresh token has not been used for a while.

    Zoom's refresh tokens lapse after 90 days unused; refreshing idle ones keeps them alive.
    Server-to-Server connections have no refresh token and are left alone.
    """
    cutoff = timezone.now() - dt.timedelta(seconds=settings.ZOOM_IDLE_REFRESH_AFTER)
    return list(
        ZoomOAuthConnection.objects.filter(state=ZoomOAuthConnection.State.CONNECTED)
        .exclude(zoom_oauth_app__kind=ZoomOAuthApp.Kind.SERVER_TO_SERVER)
        .filter(Q(token_refreshed_at__lt=cutoff) | Q(token_refreshed_at__isnull=True))
        .values_list("pk", flat=True)
    )


@shared_task(time_limit=300, soft_time_limit=280)
def refresh_idle_connections() -> dict[str, int]:
    refreshed = failed = 0
    for connection_id in idle_connections():
        try:
            tokens.force_refresh(connection_id)
            refreshed += 1
        except ReconnectNeeded:
            failed += 1  # recorded on the connection; admins see the banner
        except ZoomTemporaryError:
            failed += 1
            logger.warning("zoom idle refresh postponed connection=%s", connection_id)
    return {"refreshed": refreshed, "failed": failed}
