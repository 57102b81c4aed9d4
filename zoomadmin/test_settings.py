"""The test run's settings: local use (DEBUG on, the sandbox installed) unless the environment
says otherwise. The processes the tests start (sandbox, worker) inherit the environment."""

import os

os.environ.setdefault("DEBUG", "true")

from .settings import *  # noqa: F403
