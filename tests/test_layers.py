"""The apps form one-way layers (DESIGN.md, "Layout"): an app imports only apps below it.

Every import of every module under apps/ is read with ``ast``, those inside functions too.
String references (URL names, task names, template names) don't count: they are how a
lower layer names what a higher one registers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parent.parent / "apps"

# Bottom up. Apps on one line are at the same layer and may not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("lib",),
    ("accounts",),
    ("zoom",),
    ("connections",),
    ("jobs",),
    ("mirror",),
    ("users",),
    ("events",),
    ("meetings", "webinars"),
    ("registrants",),
    ("reports",),
    ("dashboard", "webhooks"),
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
# The stand-in Zoom: its own process. Nothing in the product imports it, and it imports
# nothing of the product but the shared bottom layer.
SANDBOX = "sandbox"


def imported_modules(path: Path, root: Path = APPS) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in ``path``, relative ones resolved."""
    package = ".".join(("apps", *path.relative_to(root).with_suffix("").parts))
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # "from apps import users" names an app too
            if module == "apps":
                found += [(node.lineno, f"apps.{alias.name}") for alias in node.names]
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "apps" else None


def violations(root: Path = APPS) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        source_app = path.relative_to(root).parts[0]
        if source_app.endswith(".py"):
            continue
        for line, module in imported_modules(path, root):
            target = app_of(module)
            if target is None or target == source_app:
                continue
            where = f"apps/{path.relative_to(root)}:{line} imports {module}"
            if source_app == SANDBOX:
                if target != "lib":
                    problems.append(f"{where}: the sandbox imports only apps.lib")
            elif target == SANDBOX:
                problems.append(f"{where}: the product never imports the sandbox")
            elif source_app not in RANK or target not in RANK:
                problems.append(f"{where}: add {source_app if source_app not in RANK else target} to LAYERS")
            elif RANK[target] >= RANK[source_app]:
                problems.append(f"{where}: {target} is not below {source_app}")
    return problems


def test_every_app_imports_only_the_layers_below_it():
    assert violations() == []


def test_every_app_has_a_layer():
    apps = {p.name for p in APPS.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - set(RANK) - {SANDBOX} == set()


@pytest.mark.parametrize("source, target, inside_function", [
    ("accounts", "users", False),
    ("mirror", "meetings", True),
    ("webinars", "meetings", False),
])
def test_an_upward_or_sideways_import_is_caught(tmp_path, source, target, inside_function):
    """The check itself fails on what it must catch, module-level or inside a function."""
    (tmp_path / source).mkdir()
    (tmp_path / source / "__init__.py").write_text("")
    body = f"from apps.{target}.models import Thing\n"
    if inside_function:
        body = "def f():\n    " + body
    (tmp_path / source / "bad.py").write_text(body)
    assert violations(tmp_path) != []
