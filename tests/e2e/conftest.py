"""Browser tests: Playwright driving Debian's Chromium against the live server and the sandbox."""

from __future__ import annotations

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture
def console_errors(page):
    """JavaScript errors and CSP violations seen by the page; a journey must end with none."""
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        # A page answered with an intended error status (the 403 "No access" page) is
        # reported as a failed load of the document itself; that is not a page error.
        if msg.text.startswith("Failed to load resource") and msg.location.get("url") == page.url:
            return
        errors.append(f"{msg.text} ({msg.location.get('url')})")

    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", on_console)
    return errors
