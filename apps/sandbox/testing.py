"""Run the sandbox as a real process for tests: ``with SandboxServer() as zoom: ...``.

The process gets its own temporary SQLite file (SANDBOX_DATABASE_PATH) and a
free port; the rest of the environment is passed through. Uses only the
standard library, so any test (or benchmark) can import it.

Contract recording: ``SandboxServer(record_path=...)`` makes the process append every
/v2 exchange to that file (SANDBOX_RECORD_PATH). Without it, when the environment has
ZOOM_CONTRACT_RECORD_DIR (set by tests/zz_contract), each server records to its own
file in that directory, so the contract test sees what the whole test session did.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from . import demo

PROJECT_DIR = Path(__file__).resolve().parents[2]
MANAGE_PY = PROJECT_DIR / "manage.py"
_READY = re.compile(r"Zoom sandbox ready at (http://\S+)")


class SandboxError(RuntimeError):
    pass


class SandboxServer:
    def __init__(
        self,
        *,
        seed: int = demo.DEFAULT_SEED,
        users: int = demo.DEFAULT_USERS,
        startup_timeout: float = 30.0,
        env: dict[str, str] | None = None,
        record_path: str | os.PathLike[str] | None = None,
        extra_args: list[str] | None = None,
    ) -> None:
        self.seed = seed
        self.users = users
        self.record_path = str(record_path) if record_path else ""
        self.extra_args = list(extra_args or [])  # e.g. ["--keep"], ["--meetings", "5"]
        self.startup_timeout = startup_timeout
        self.extra_env = env or {}
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None

    # --- lifecycle ------------------------------------------------------------

    @property
    def api_url(self) -> str:
        return f"{self.url}/v2"

    @property
    def log_path(self) -> Path:
        assert self._tmp is not None
        return Path(self._tmp.name) / "sandbox.log"

    def start(self) -> SandboxServer:
        if self._process is not None:
            return self
        self._tmp = tempfile.TemporaryDirectory(prefix="zoom-sandbox-")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zoomadmin.settings",
            "SANDBOX_DATABASE_PATH": str(Path(self._tmp.name) / "sandbox.sqlite3"),
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        record_path = self.record_path or self._session_record_path()
        if record_path:
            env["SANDBOX_RECORD_PATH"] = record_path
        else:
            env.pop("SANDBOX_RECORD_PATH", None)
        command = [
            sys.executable, str(MANAGE_PY), "zoom_sandbox",
            "--port", "0", "--seed", str(self.seed), "--users", str(self.users), "--quiet",
            *self.extra_args,
        ]
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _session_record_path() -> str:
        directory = os.environ.get("ZOOM_CONTRACT_RECORD_DIR")
        if not directory:
            return ""
        Path(directory).mkdir(parents=True, exist_ok=True)
        handle, path = tempfile.mkstemp(prefix="sandbox-", suffix=".jsonl", dir=directory)
        os.close(handle)
        return path

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SandboxError(f"the sandbox exited early:\n{self._log_tail()}")
            if not self.url:
                match = _READY.search(self.log_path.read_text(errors="replace"))
                if match:
                    self.url = match.group(1)
            if self.url:
                try:
                    if self._request("GET", "/_sandbox/health").get("ok"):
                        return
                except (OSError, SandboxError):
                    pass
            time.sleep(0.05)
        raise SandboxError(f"the sandbox did not start in {self.startup_timeout}s:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- control API ---------------------------------------------------------------

    def _request(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SandboxError(f"{method} {path} answered {exc.code}") from exc

    def reset(
        self,
        seed: int = demo.DEFAULT_SEED,
        users: int = demo.DEFAULT_USERS,
        meetings: int | None = None,
        registrants: int | None = None,
    ) -> dict[str, Any]:
        """Wipe and reseed (rate windows, faults and page tokens too); returns the accounts
        (with their ids) and apps."""
        body: dict[str, Any] = {"seed": seed, "users": users}
        if meetings is not None:
            body["meetings"] = meetings
        if registrants is not None:
            body["registrants"] = registrants
        return self._request("POST", "/_sandbox/reset", body)

    def state(self) -> dict[str, Any]:
        return self._request("GET", "/_sandbox/state")

    def calls(self) -> dict[str, int]:
        """Calls received so far, by key (e.g. ``"POST /oauth/token grant_type=refresh_token"``)."""
        return {row["key"]: row["count"] for row in self._request("GET", "/_sandbox/calls")["calls"]}

    def calls_by_label(self) -> dict[str, int]:
        return self._request("GET", "/_sandbox/calls")["by_label"]

    def set_verified(self, email: str, verified: bool) -> dict[str, Any]:
        """Make the user's email (un)verified at Zoom (``verified`` in ``/users/me``)."""
        return self._request("POST", "/_sandbox/users/verified", {"email": email, "verified": verified})

    def reset_calls(self) -> None:
        self._request("POST", "/_sandbox/calls/reset", {})

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return self._request("POST", "/_sandbox/clock", {"advance_seconds": seconds})

    def clock(self) -> dict[str, Any]:
        return self._request("GET", "/_sandbox/clock")

    def set_limits(
        self,
        plan: str | None = None,
        *,
        account_id: str | None = None,
        overrides: dict[str, int] | None = None,
        enabled: bool | None = None,
        **seats: int | None,
    ) -> dict[str, Any]:
        """Plan ("pro"/"business", for ``account_id`` or all accounts), limit overrides
        (``{"Light": 5, "daily": 3}``), rate limits on or off; ``licensed_seats=n`` caps the
        Licensed users (None: no cap)."""
        body: dict[str, Any] = dict(seats)
        if plan is not None:
            body["plan"] = plan
        if account_id is not None:
            body["account_id"] = account_id
        if overrides is not None:
            body["overrides"] = overrides
        if enabled is not None:
            body["enabled"] = enabled
        return self._request("POST", "/_sandbox/limits", body)

    def add_fault(self, status: int | None = None, *, count: int = 1, **fault: Any) -> dict[str, Any]:
        """``add_fault(429)``, ``add_fault(500, count=2, path="/v2/users")``,
        ``add_fault(drop=True)``, ``add_fault(500, fail_after_pages=2)``; ``after_write=True``
        (5xx or drop) applies the call first, then fails it."""
        body: dict[str, Any] = {"count": count, **fault}
        if status is not None:
            body["status"] = status
        return self._request("POST", "/_sandbox/faults", body)

    def random_faults(self, seed: int, rate: float = 0.2, mix: dict[str, float] | None = None, *,
                      count: int | None = None, **fault: Any) -> dict[str, Any]:
        """Fail calls at random but repeatably: ``random_faults(7, 0.2, {"429": 1, "500": 1, "drop": 1})``;
        ``path=``, ``method=`` narrow it, ``after_write=True`` makes its 5xx and drops come after the
        call was applied, ``count`` caps the faults (no cap by default)."""
        body: dict[str, Any] = {"random": {"seed": seed, "rate": rate, **({"mix": mix} if mix else {})}, **fault}
        if count is not None:
            body["count"] = count
        return self._request("POST", "/_sandbox/faults", body)

    def clear_faults(self) -> None:
        self._request("POST", "/_sandbox/faults/clear", {})

    def set_latency(self, ms: int) -> None:
        self._request("POST", "/_sandbox/latency", {"ms": ms})

    def set_webhooks(self, enabled: bool, url: str | None = None, secret: str | None = None) -> dict[str, Any]:
        """Send Zoom-signed events for every change to ``url`` (signed with ``secret``), or stop."""
        body: dict[str, Any] = {"enabled": enabled}
        if url is not None:
            body["url"] = url
        if secret is not None:
            body["secret"] = secret
        return self._request("POST", "/_sandbox/webhooks", body)

    def webhooks(self) -> dict[str, Any]:
        """The webhook setting, and ``pending``: events not yet delivered."""
        return self._request("GET", "/_sandbox/webhooks")

    def simulate_registrations(self, meeting_id: int, count: int, per_second: float = 10,
                               *, webinar: bool = False) -> dict[str, Any]:
        """``count`` people register (pending) for the meeting (or webinar) at ``per_second``."""
        key = "webinar_id" if webinar else "meeting_id"
        return self._request("POST", "/_sandbox/simulate/registrations",
                             {key: meeting_id, "count": count, "per_second": per_second})
