from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

from . import sessions
from .models import Membership

SESSION_KEY = "zoom_account_pk"
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The last-seen time is written at most this often (seconds), not on every request.
LAST_SEEN_GRANULARITY = 60


class SessionLifetimeMiddleware:
    """Sessions end: after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_LIFETIME
    seconds after sign-in whatever happens. Times are kept in the (server-side) session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            if now - signed_in_at > settings.SESSION_LIFETIME:
                self._end(request, "Your session ended: please sign in again.")
            elif now - last_seen_at > settings.SESSION_IDLE_TIMEOUT:
                self._end(request, "You were signed out after a while without activity: please sign in again.")
            elif LAST_SEEN_AT not in session or now - last_seen_at >= LAST_SEEN_GRANULARITY:
                session[LAST_SEEN_AT] = now
                sessions.seen(session.session_key)
        return self.get_response(request)

    @staticmethod
    def _end(request, message: str) -> None:
        logout(request)
        messages.info(request, message)


class CurrentAccountMiddleware:
    """Puts the Zoom account chosen in the header's switcher, and the user's role in it,
    on the request. Every query of the dashboard is scoped to ``request.account``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.account = None
        request.role = None
        request.memberships = []
        if request.user.is_authenticated:
            every = list(
                Membership.objects.filter(user=request.user).select_related("account").order_by("account__name")
            )
            # A suspended role (Zoom says the holder is no active user of that account) gives no access.
            memberships = [m for m in every if m.is_active]
            if every and not memberships:
                # Their only roles ended: signed out everywhere.
                sessions.end_all(request.user)
                logout(request)
                messages.info(request, "Your access ended: Zoom says you are no longer an active user of the account.")
                return self.get_response(request)
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            if chosen is not None and any(m.account_id == chosen and not m.is_active for m in every):
                request.session.pop(SESSION_KEY, None)  # that account is dropped from the session
                messages.info(request, "Your access to that Zoom account ended.")
                chosen = None
            current = next((m for m in memberships if m.account_id == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            if current is not None:
                request.account = current.account
                request.role = current.role
        return self.get_response(request)
