from __future__ import annotations

from .models import Membership

SESSION_KEY = "zoom_account_pk"


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
            memberships = list(
                Membership.objects.filter(user=request.user).select_related("account").order_by("account__name")
            )
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.account_id == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            if current is not None:
                request.account = current.account
                request.role = current.role
        return self.get_response(request)
