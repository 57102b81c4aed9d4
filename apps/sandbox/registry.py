"""How the sandbox's core finds its areas (users, events, reports...).

An area is a Django app whose AppConfig subclasses :class:`SandboxArea`. Being installed
is the whole registration: the core's URLconf serves the area's ``urls.urlpatterns``, the
database router keeps its models on the ``sandbox`` alias (``sandbox_database``), the
control API's reset wipes its tables and calls its demo hooks, and ``/_sandbox/state``
adds what its ``summary_account`` returns. No list in the core names the areas, so that
areas built at the same time never edit the same file (apart from one INSTALLED_APPS line).

This module imports no models: area ``apps.py`` files import it while apps are loading.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    import random

    from django.db.models import Model
    from django.urls import URLPattern, URLResolver

    from .demo import DemoAccount, DemoSeed
    from .models import SandboxAccount

LABEL_PREFIX = "sandbox_"


@dataclass(frozen=True)
class DemoSize:
    """A size of the demo data that an area seeds (``meetings``), with its default.

    Each one is a keyword of ``demo.reset``, a key of ``POST /_sandbox/reset`` and an
    option of ``manage.py zoom_sandbox`` (``--meetings``)."""

    default: int
    help: str = ""


class SandboxArea(AppConfig):
    """Base of an area's AppConfig. Override the hooks the area needs; all are optional."""

    # zoomadmin.routers: this app's models live on the "sandbox" database, and only there.
    sandbox_database = True
    # Module (relative to the app) whose ``urlpatterns`` the sandbox serves; "" for none.
    urls_module = "urls"
    # Labels of the areas this one builds on (e.g. reports reads the events' models).
    requires: tuple[str, ...] = ()
    # The sizes ``demo.reset`` passes to ``seed`` (in ``DemoSeed.sizes``), by name.
    demo_sizes: dict[str, DemoSize] = {}
    # Django picks the only AppConfig of an apps.py whose ``default`` is not False: the base
    # is excluded even when an area imports it by name, its subclasses are not (see below).
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.default = True

    def ready(self) -> None:
        if not self.label.startswith(LABEL_PREFIX):
            # The prefix keeps the areas' tables together and tells stale tables apart (schema.py).
            raise ImproperlyConfigured(f"sandbox area {self.name}: its label must start with {LABEL_PREFIX!r}")
        missing = [label for label in self.requires if label not in apps.app_configs]
        if missing:
            raise ImproperlyConfigured(f"sandbox area {self.label} needs {', '.join(missing)} in INSTALLED_APPS")

    # --- hooks ------------------------------------------------------------------------

    def seed_account(self, account: DemoAccount, rng: random.Random, used_ids: set[str]) -> None:
        """Called for each demo account right after its users are created, with the stream
        that made them (so the data of a seed depends on the order of these calls: new areas
        should use :meth:`seed` and their own stream instead). ``used_ids`` holds the 22-character
        ids already given out."""

    def seed(self, demo: DemoSeed) -> None:
        """Called once per reset, after every account, user and app exists."""

    def summary_account(self, account: SandboxAccount) -> dict[str, Any]:
        """Extra keys for the account's entry in ``/_sandbox/state`` and the reset's answer."""
        return {}

    def reset_runtime_state(self) -> None:
        """Forget what the area keeps in memory (``POST /_sandbox/reset`` calls this)."""


def areas() -> list[SandboxArea]:
    """The installed areas, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, SandboxArea)]


def sandbox_app_configs() -> list[AppConfig]:
    """The core and every area: the apps whose tables are on the sandbox database."""
    return [config for config in apps.get_app_configs() if getattr(config, "sandbox_database", False)]


def demo_sizes() -> dict[str, DemoSize]:
    sizes: dict[str, DemoSize] = {}
    for area in areas():
        for name, size in area.demo_sizes.items():
            if name in sizes or name in ("seed", "users"):
                raise ImproperlyConfigured(f"sandbox area {area.label}: demo size {name!r} is already taken")
            sizes[name] = size
    return sizes


def area_urlpatterns() -> list[URLPattern | URLResolver]:
    """Every area's ``urlpatterns``, in INSTALLED_APPS order."""
    patterns: list[URLPattern | URLResolver] = []
    for area in areas():
        if not area.urls_module:
            continue
        module_name = f"{area.name}.{area.urls_module}"
        if importlib.util.find_spec(module_name) is None:
            continue
        patterns += importlib.import_module(module_name).urlpatterns
    return patterns


def find_model(name: str) -> type[Model] | None:
    """The sandbox model called ``name`` (``"SandboxMeeting"``) in whichever app holds it, or
    None: for code that uses another area's model only when that area is installed."""
    for config in sandbox_app_configs():
        for model in config.get_models():
            if model.__name__ == name:
                return model
    return None
