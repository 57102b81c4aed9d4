"""Serve the stand-in Zoom: ``python manage.py zoom_sandbox --port 8001``."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.sandbox import demo, registry, schema
from apps.sandbox.server import configure_process, make_server


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Command(BaseCommand):
    help = "Run the Zoom sandbox (OAuth, REST API and control API) on its own port."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8001, help="0 picks a free port.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
        parser.add_argument("--users", type=int, default=demo.DEFAULT_USERS)
        # The installed areas' demo sizes: --meetings and --registrants (events area)...
        for name, size in registry.demo_sizes().items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int, default=size.default,
                                help=size.help)
        parser.add_argument("--keep", action="store_true", help="Keep existing data instead of resetting.")
        parser.add_argument("--quiet", action="store_true", help="Do not log requests.")

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        if not is_loopback(host) and settings.SANDBOX != "on":
            # Its consent page signs anyone in and its control API has no authentication.
            raise CommandError(f"The sandbox binds only to loopback (not {host}) unless SANDBOX=on is set.")
        configure_process(host)
        if schema.migrate():
            self.stdout.write("Zoom sandbox: the database was made by an older layout of the sandbox; started afresh.")
        if not (options["keep"] and demo.has_data()):
            sizes = {name: options[name] for name in registry.demo_sizes()}
            demo.reset(seed=options["seed"], users=options["users"], **sizes)
        httpd = make_server(host, options["port"], quiet=options["quiet"])
        port = httpd.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Zoom sandbox ready at http://{shown}:{port}")
        self.stdout.flush()
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
