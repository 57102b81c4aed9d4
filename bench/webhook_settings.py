"""Settings of the webhook benchmark: the site's, with the benchmark's URLconf."""

from zoomadmin.settings import *  # noqa: F403

ROOT_URLCONF = "bench.webhook_urls"
