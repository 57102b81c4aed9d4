from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse

from .access import has_access
from .models import Role, ZoomOAuthConnection

# label, URL name, access level needed to see it
NAVIGATION = [
    ("Overview", "home", "read"),
    ("Registrants", "registrants:inbox", "registrants"),
    ("Meetings", "meetings:list", "read"),
    ("Webinars", "webinars:list", "read"),
    ("Users", "users:list", "read"),
    ("Reports", "reports:list", "read"),
    ("Settings", "settings", "admin"),
]


@lru_cache(maxsize=64)
def _reversed(name: str, prefix: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@receiver(setting_changed)
def _forget_urls(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":  # tests that swap the URLconf
        _reversed.cache_clear()


def _url(name: str) -> str | None:
    """The section's address, reversed once per process (it is in every page's header)."""
    return _reversed(name, get_script_prefix())


def navigation(request) -> dict:
    """The header: sections this role may open (unbuilt ones shown as such), the
    account switcher, and the reconnect banner for admins."""
    if not getattr(request, "account", None):
        return {}
    items = []
    for label, name, level in NAVIGATION:
        if not has_access(request, level):
            continue
        url = _url(name)
        active = url is not None and (request.path == url if url == "/" else request.path.startswith(url))
        items.append({"label": label, "url": url, "active": active})
    needs_reconnect = False
    if request.role == Role.ADMIN:
        needs_reconnect = not request.account.connections.filter(state=ZoomOAuthConnection.State.CONNECTED).exists()
    pending_count = None
    if has_access(request, "registrants"):
        from apps.registrants.inbox import pending_count as count_pending

        pending_count = count_pending(request.account)  # one COUNT on an index
    return {"nav_items": items, "needs_reconnect": needs_reconnect, "pending_count": pending_count}
