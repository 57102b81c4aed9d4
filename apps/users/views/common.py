"""Helpers shared by the users views."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from apps.users.models import ZoomUser


def user_or_404(request: HttpRequest, zoom_id: str) -> ZoomUser:
    """A user of the current account's mirror; another account's user is a 404."""
    user = ZoomUser.objects.filter(account=request.account, zoom_id=zoom_id).first()
    if user is None:
        raise Http404("no such user")
    return user
