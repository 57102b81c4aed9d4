from __future__ import annotations

from apps.accounts.models import ZoomAccount

from .client import ZoomClient
from .errors import ReconnectNeeded


def client_for(account: ZoomAccount) -> ZoomClient:
    """A client on the account's live connection; ReconnectNeeded when it has none."""
    connection = account.active_connection
    if connection is None:
        raise ReconnectNeeded(f"No Zoom connection for {account.name}: an admin must connect it on Settings.")
    return ZoomClient(connection)
