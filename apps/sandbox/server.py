"""The sandbox's HTTP server: threaded, on 127.0.0.1, never logging a query string."""

from __future__ import annotations

import contextlib
import re
import socket
import socketserver
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.urls import clear_url_caches, set_urlconf

URLCONF = "apps.sandbox.urls"
# The sandbox stands for Zoom: none of the dashboard's middleware (sessions, CSRF, allauth...).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]

_QUERY = re.compile(r"\?\S*")


def redact(text: str) -> str:
    """Drop query strings (codes, tokens) from a log line."""
    return _QUERY.sub("?[redacted]", text)


class SandboxRequestHandler(WSGIRequestHandler):
    quiet = False

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        # A dropped-connection fault calls this after its short body: the server then closes
        # the socket instead of keeping the connection alive for the client's next request.
        environ["sandbox.close_connection"] = self.close_after_response
        return environ

    def close_after_response(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)

    def log_message(self, format: str, *args: Any) -> None:
        if self.quiet:
            return
        super().log_message(format, *(redact(a) if isinstance(a, str) else a for a in args))


class SandboxWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 512  # bursts of concurrent clients queue instead of being refused


def configure_process(host: str) -> None:
    """Make this process serve the sandbox's URLconf with its own middleware."""
    settings.ROOT_URLCONF = URLCONF
    settings.MIDDLEWARE = MIDDLEWARE
    if host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    set_urlconf(None)
    clear_url_caches()


def make_server(host: str, port: int, *, quiet: bool = False) -> SandboxWSGIServer:
    handler_cls = type("Handler", (SandboxRequestHandler,), {"quiet": quiet})
    httpd = SandboxWSGIServer((host, port), handler_cls, ipv6=":" in host)
    httpd.set_app(WSGIHandler())
    return httpd
