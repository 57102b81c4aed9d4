"""Who may do what: roles per person per Zoom account, checked in every view.

Each view declares the access it needs with ``@requires(...)``; the decorator sets
``view.required_access`` so the access-matrix test can walk every URL pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .models import Role

# access level -> roles that have it
ACCESS: dict[str, frozenset[str]] = {
    # Settings, roles, rules, API keys, every write to Zoom objects.
    "admin": frozenset({Role.ADMIN}),
    # Deciding registrants (approve, deny, cancel).
    "decide": frozenset({Role.ADMIN, Role.APPROVER}),
    # Reading the registrants inbox and registrant tabs.
    "registrants": frozenset({Role.ADMIN, Role.APPROVER, Role.VIEWER}),
    # Every other page, read-only.
    "read": frozenset({Role.ADMIN, Role.VIEWER}),
    # Signed in, whatever the role (account switcher, the no-access page itself).
    "signed_in": frozenset(),
}


def has_access(request: HttpRequest, level: str) -> bool:
    if level == "signed_in":
        return True
    return getattr(request, "role", None) in ACCESS[level]


def no_access(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/no_access.html", {}, status=403)


def requires(level: str) -> Callable:
    if level not in ACCESS:
        raise ValueError(f"unknown access level {level!r}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_access(request, level):
                return no_access(request)
            return view(request, *args, **kwargs)

        wrapped.required_access = level  # type: ignore[attr-defined]
        return wrapped

    return decorator


def landing_url_name(role: str | None) -> str:
    """Where a role lands after sign-in: approvers on their inbox, everyone else the overview."""
    return "registrants:inbox" if role == Role.APPROVER else "home"
