"""Sample route parameters of the accounts and connections pages, for the access matrix."""

from __future__ import annotations

from apps.accounts.models import ApiKey, Membership
from tests import factories


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    conn = factories.connection(account)
    membership = Membership.objects.filter(account=account).first()
    key = ApiKey.objects.create(account=account, name="k", prefix="zak_x", key_hash="0" * 64)
    return {
        ("connections", "pk"): (conn.pk, True),
        ("roles", "pk"): (membership.pk, True),
        ("api-keys", "pk"): (key.pk, True),
        ("sync", "resource"): ("users", False),
    }
