"""ROOT_URLCONF of the sandbox process only (``manage.py zoom_sandbox``).

zoom.us paths (/oauth/...), api.zoom.us paths (/v2/...) and the control API
(/_sandbox/...) on one port. The dashboard's URLconf never includes this. The core's
paths are listed here; every installed area's ``urls.urlpatterns`` follow (see
:mod:`apps.sandbox.registry`), so adding an area never edits this file.
"""

from __future__ import annotations

from django.urls import path

from . import control, oauth, registry

urlpatterns = [
    # zoom.us
    path("oauth/authorize", oauth.authorize, name="authorize"),
    path("oauth/token", oauth.token, name="token"),
    path("oauth/revoke", oauth.revoke, name="revoke"),
    # control API
    path("_sandbox/health", control.health, name="health"),
    path("_sandbox/reset", control.reset, name="reset"),
    path("_sandbox/state", control.state, name="state"),
    path("_sandbox/clock", control.clock, name="clock"),
    path("_sandbox/calls", control.calls, name="calls"),
    path("_sandbox/calls/reset", control.calls_reset, name="calls-reset"),
    path("_sandbox/users/verified", control.user_verified, name="user-verified"),
    path("_sandbox/limits", control.limits, name="limits"),
    path("_sandbox/faults", control.faults, name="faults"),
    path("_sandbox/faults/clear", control.faults_clear, name="faults-clear"),
    path("_sandbox/latency", control.latency, name="latency"),
    path("_sandbox/webhooks", control.webhooks, name="webhooks"),
    # api.zoom.us/v2 and the areas' own control paths
    *registry.area_urlpatterns(),
]
