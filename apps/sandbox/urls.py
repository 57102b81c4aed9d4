"""ROOT_URLCONF of the sandbox process only (``manage.py zoom_sandbox``).

zoom.us paths (/oauth/...), api.zoom.us paths (/v2/...) and the control API
(/_sandbox/...) on one port. The dashboard's URLconf never includes this.
"""

from __future__ import annotations

from django.urls import path

from . import api, control, oauth

urlpatterns = [
    # zoom.us
    path("oauth/authorize", oauth.authorize, name="authorize"),
    path("oauth/token", oauth.token, name="token"),
    path("oauth/revoke", oauth.revoke, name="revoke"),
    # api.zoom.us/v2
    path("v2/users/<str:user_id>", api.user_detail, name="user-detail"),
    path("p/<str:user_id>", api.picture, name="picture"),
    # control API
    path("_sandbox/health", control.health, name="health"),
    path("_sandbox/reset", control.reset, name="reset"),
    path("_sandbox/state", control.state, name="state"),
    path("_sandbox/clock", control.clock, name="clock"),
    path("_sandbox/calls", control.calls, name="calls"),
    path("_sandbox/calls/reset", control.calls_reset, name="calls-reset"),
]
