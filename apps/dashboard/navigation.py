from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, reverse

from apps.accounts.access import has_access
from apps.accounts.models import Role, ZoomOAuthConnection
from apps.lib.navigation import sections


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
    """The header: the registered sections this role may open, the account switcher, and
    the reconnect banner for admins."""
    if not getattr(request, "account", None):
        return {}
    items = []
    for section in sections():
        if not has_access(request, section.access):
            continue
        url = _url(section.url_name)
        if url is None:  # a URLconf without the section (tests that swap it)
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": section.label, "url": url, "active": active, "section": section,
                      "badge": section.badge(request) if section.badge else None})
    needs_reconnect = False
    if request.role == Role.ADMIN:
        needs_reconnect = not request.account.connections.filter(state=ZoomOAuthConnection.State.CONNECTED).exists()
    return {"nav_items": items, "needs_reconnect": needs_reconnect}
