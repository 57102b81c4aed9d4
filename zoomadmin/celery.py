from __future__ import annotations

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

# The filesystem broker (the no-server default) with atomic message writes.
TRANSPORT_ALIASES["filesystem"] = "zoomadmin.broker:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoomadmin.settings")

app = Celery("zoomadmin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
