"""Find every typed endpoint function and Zoom listing the areas declare, and see which
operations a function reaches, by calling it on an autospec'd ``ZoomClient`` (the apps/zoom seam).

A typed function is a public function of an area module whose first parameter is ``client``.
Its arguments are made up from its type hints: each ``Kind`` value in turn, a sample for the
other types. A parameter whose type has no sample here fails with a message that says so.
"""

from __future__ import annotations

import inspect
import itertools
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType, NoneType, UnionType
from typing import Any
from unittest import mock

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import Area, Listing, area_modules
from apps.zoom.endpoints.reports import Report

PLACEHOLDER = re.compile(r"\{(\w+)\}")
SAMPLES: dict[Any, Any] = {str: "id-1", int: 85746065432, bool: True, dict: {"topic": "Probe"},
                           list: [{"id": "id-1", "email": "probe@example.com"}]}


@dataclass(frozen=True)
class Reached:
    method: str
    path: str
    path_params: frozenset[str]


def typed_functions() -> Iterator[tuple[ModuleType, Area, Callable[..., Any]]]:
    for module in area_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            if next(iter(inspect.signature(value).parameters), None) == "client":
                yield module, module.AREA, value


def descriptors(module: ModuleType) -> Iterator[Listing | Report]:
    """The module's Listings and Reports, also inside its dicts and tuples."""
    def walk(value: Any) -> Iterator[Listing | Report]:
        if isinstance(value, Listing | Report):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, tuple) and not isinstance(value, Area):
            for item in value:
                yield from walk(item)

    for name, value in vars(module).items():
        if not name.startswith("_"):
            yield from walk(value)


def _choices(fn: Callable[..., Any], name: str, hint: Any) -> list[Any]:
    if typing.get_origin(hint) is typing.Literal:
        return list(typing.get_args(hint))
    if hint is Report:  # reports.get_report: every report that is not paginated
        module = inspect.getmodule(fn)
        return [r for r in dict.fromkeys(descriptors(module)) if isinstance(r, Report) and not r.paginated]
    if typing.get_origin(hint) in (UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not NoneType]
        return _choices(fn, name, options[0])
    base = typing.get_origin(hint) or hint
    if base not in SAMPLES:
        raise AssertionError(f"no sample for {fn.__module__}.{fn.__qualname__}({name}: {hint}): "
                             "add one to SAMPLES in tests/zoom/endpoint_probe.py")
    return [SAMPLES[base]]


def argument_sets(fn: Callable[..., Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(named arguments, extra keyword arguments) for each way to call ``fn``: once with only
    what it requires, once with every parameter, for each combination of Kind values."""
    hints = typing.get_type_hints(fn, localns={"ZoomClient": ZoomClient})
    params = list(inspect.signature(fn).parameters.values())[1:]
    named = [p for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    extra = next((p for p in params if p.kind is p.VAR_KEYWORD), None)
    for every in (False, True):
        chosen = [p for p in named if every or p.default is p.empty]
        options = [_choices(fn, p.name, hints.get(p.name, str)) for p in chosen]
        for values in itertools.product(*options):
            args = dict(zip((p.name for p in chosen), values, strict=True))
            kwargs: dict[str, Any] = {}
            if extra is not None and extra.name == "path_params":
                # Filled from the path the call is about (reports.get_report).
                report = args.get("report")
                kwargs = dict.fromkeys(PLACEHOLDER.findall(report.path), SAMPLES[str]) if report else {}
            elif extra is not None and every:
                kwargs = {"org": "Probe Inc."}
            yield args, kwargs


def reached(fn: Callable[..., Any], args: dict[str, Any], kwargs: dict[str, Any]) -> list[Reached]:
    """The operations one call of ``fn`` makes, on an autospec'd ZoomClient that answers ``{}``."""
    client = mock.create_autospec(ZoomClient, instance=True)
    client.call.return_value = {}
    fn(client, **args, **kwargs)
    found = []
    for call in client.call.call_args_list:
        method, path = call.args[:2]
        names = frozenset(k for k in call.kwargs if k not in ("params", "json"))
        found.append(Reached(method.upper(), path, names))
    for name in ("pages", "paginate"):
        for call in getattr(client, name).call_args_list:
            path = call.args[0]
            names = frozenset(k for k in call.kwargs if k not in ("params", "page_size", "start_token", "id_field"))
            found.append(Reached("GET", path, names))
    return found


def operations_of(fn: Callable[..., Any]) -> set[tuple[str, str]]:
    return {(r.method, r.path) for args, kwargs in argument_sets(fn) for r in reached(fn, args, kwargs)}
