"""Fail closed: with no environment the settings are production's, and the sandbox is left out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'sandbox': 'apps.sandbox' in settings.INSTALLED_APPS}))"
)


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SANDBOX")}
    base |= {"DJANGO_SETTINGS_MODULE": "zoomadmin.settings", "VAR_DIR": str(tmp_path),
             "SECRET_KEY": "s" * 50, "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(), **env}
    return subprocess.run(args, cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


def settings_with(tmp_path: Path, **env: str) -> dict:
    done = run([sys.executable, "-c", PROBE], tmp_path, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_debug_is_off_and_the_sandbox_is_not_installed_by_default(tmp_path):
    assert settings_with(tmp_path) == {"debug": False, "sandbox": False}


@pytest.mark.parametrize(("env", "installed"), [
    ({"DEBUG": "true"}, True),
    ({"SANDBOX": "on"}, True),
    ({"DEBUG": "true", "SANDBOX": "off"}, False),
])
def test_the_sandbox_is_installed_only_with_debug_or_sandbox_on(tmp_path, env, installed):
    assert settings_with(tmp_path, **env)["sandbox"] is installed


def test_a_sandbox_setting_other_than_on_or_off_is_an_error(tmp_path):
    done = run([sys.executable, "-c", PROBE], tmp_path, SANDBOX="yes")
    assert done.returncode != 0 and "SANDBOX must be one of on, off" in done.stderr


def test_the_sandbox_binds_only_to_loopback_without_sandbox_on(tmp_path):
    done = run([sys.executable, "manage.py", "zoom_sandbox", "--host", "0.0.0.0", "--port", "0"], tmp_path,
               DEBUG="true")
    assert done.returncode != 0 and "binds only to loopback" in done.stderr


def test_without_debug_or_sandbox_on_there_is_no_sandbox_command(tmp_path):
    done = run([sys.executable, "manage.py", "zoom_sandbox", "--port", "0"], tmp_path)
    assert done.returncode != 0 and "Unknown command" in done.stderr
