"""Contract test: every exchange the sandbox handled in this session, checked against Zoom's specs.

Runs last (see conftest.py). It reads every recording of the session (each SandboxServer's
file in ZOOM_CONTRACT_RECORD_DIR, and this process's test-client exchanges), adds its own by
calling every users/groups/roles endpoint once on a fresh recording SandboxServer, and checks:

- the operation exists in a spec (method + path template; a literal segment beats a
  parameter, so /users/summary is not /users/{userId});
- a 2xx status is one the spec declares for it, and its JSON body matches the response
  schema: types, required fields, and no field the spec does not define;
- an error body is Zoom's ``{"code", "message"[, "errors"]}`` (the users spec's ErrorResponse).

Paths that no spec covers are skipped and listed: /oauth/*, /roles* (Accounts API),
/metrics/* (Accounts API), /_sandbox/* and /p/* (not Zoom's API).

Specs come from ZOOM_API_SPEC_DIR (default ``<BASE_DIR>/../shared/zoom-api``); without them
the test skips, unless CI=true, where it fails.
"""

from __future__ import annotations

import base64
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from apps.sandbox import demo
from apps.sandbox.testing import SandboxServer

from .openapi_check import Spec

SPEC_FILES = ("users.openapi.json", "meetings.openapi.json")
UNCOVERED = ("/oauth/", "/roles", "/metrics/", "/_sandbox/", "/p/")
# The specs declare 200 with no body for these; Zoom (and the sandbox) answer 204 No Content.
NO_CONTENT_AS_200 = {("PUT", "/users/{userId}/status")}


def spec_dir() -> Path:
    return Path(os.environ.get("ZOOM_API_SPEC_DIR") or Path(settings.BASE_DIR).parent / "shared" / "zoom-api")


def load_specs() -> list[tuple[str, Spec]]:
    directory = spec_dir()
    found = [directory / name for name in SPEC_FILES if (directory / name).is_file()]
    if not found:
        message = f"no Zoom OpenAPI specs in {directory} (set ZOOM_API_SPEC_DIR)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [(path.name, Spec(json.loads(path.read_text()))) for path in found]


class Operations:
    """(method, concrete path) -> (spec, template, operation)."""

    def __init__(self, specs: list[tuple[str, Spec]]) -> None:
        self.routes: list[tuple[int, re.Pattern[str], str, str, Spec, dict[str, Any]]] = []
        for name, spec in specs:
            for template, item in spec.document["paths"].items():
                literal = sum(1 for part in template.split("/") if part and not part.startswith("{"))
                pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
                for method, operation in item.items():
                    if method in ("get", "post", "put", "patch", "delete"):
                        self.routes.append((literal, pattern, method.upper(), template, spec, operation))
        self.routes.sort(key=lambda route: -route[0])

    def find(self, method: str, path: str) -> tuple[str, Spec, dict[str, Any]] | None:
        for _, pattern, route_method, template, spec, operation in self.routes:
            if route_method == method and pattern.match(path):
                return template, spec, operation
        return None


def read_records(directory: Path) -> list[dict[str, Any]]:
    records = []
    for file in sorted(directory.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


# --- calling every endpoint once --------------------------------------------------------------


class Caller:
    def __init__(self, zoom: SandboxServer) -> None:
        self.zoom = zoom
        account_id = zoom.state()["accounts"][0]["id"]
        basic = base64.b64encode(f"{demo.S2S_APP[0]}:{demo.S2S_APP[1]}".encode()).decode()
        data = urllib.parse.urlencode({"grant_type": "account_credentials", "account_id": account_id}).encode()
        request = urllib.request.Request(zoom.url + "/oauth/token", data=data, headers={"Authorization": f"Basic {basic}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            self.token = json.loads(response.read())["access_token"]

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.zoom.api_url + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None


def exercise_every_endpoint(zoom: SandboxServer) -> None:
    call = Caller(zoom)
    status, page = call("GET", "/users?page_size=5")
    assert status == 200
    call("GET", f"/users?page_size=5&next_page_token={page['next_page_token']}")
    call("GET", "/users?status=pending")
    call("GET", "/users?status=inactive&role_id=2")
    call("GET", "/users/summary")
    call("GET", "/users/me")
    call("GET", f"/users/{demo.DEMO_MEMBER_EMAIL}")
    status, created = call("POST", "/users", {"action": "custCreate", "user_info": {
        "email": "contract@northwind.example", "type": 1, "first_name": "Con", "last_name": "Tract"}})
    assert status == 201
    call("POST", "/users", {"action": "create", "user_info": {"email": "contract@northwind.example", "type": 1}})
    call("POST", "/users", {"action": "nope"})
    call("GET", f"/users/{created['id']}")
    call("PATCH", f"/users/{created['id']}", {"job_title": "Tester", "dept": "QA", "timezone": "UTC"})
    call("PUT", f"/users/{created['id']}/status", {"action": "deactivate"})
    call("PUT", f"/users/{created['id']}/status", {"action": "activate"})
    call("DELETE", f"/users/{created['id']}?action=delete&transfer_email={demo.DEMO_ADMIN_EMAIL}"
                   "&transfer_meeting=true&transfer_webinar=true&transfer_recording=true")
    call("GET", "/users/ghost@northwind.example")
    status, groups = call("GET", "/groups")
    call("GET", f"/groups/{groups['groups'][0]['id']}/members")
    call("GET", "/roles")
    call("GET", "/roles/1/members")
    call("POST", "/roles/1/members", {"members": [{"email": demo.DEMO_MEMBER_EMAIL}]})
    call("DELETE", f"/roles/1/members/{demo.DEMO_MEMBER_EMAIL}")


# --- the test ------------------------------------------------------------------------------


ERROR_SCHEMA = {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "integer"}, "message": {"type": "string"},
                   "errors": {"type": "array", "items": {"type": "object", "properties": {
                       "field": {"type": "string"}, "field_value": {"type": "string"}, "message": {"type": "string"}}}}},
}


def check(record: dict[str, Any], operations: Operations) -> tuple[str, list[str]] | None:
    """None for an uncovered path; else (operation, problems)."""
    path = record["path"].removeprefix("/v2")
    if record["path"].startswith(UNCOVERED) or path.startswith(UNCOVERED):
        return None
    method, status, body = record["method"], record["status"], record["response"]
    found = operations.find(method, path)
    if found is None:
        return f"{method} {path}", ["no operation in the specs"]
    template, spec, operation = found
    name = f"{method} {template}"
    if status >= 300:
        if isinstance(body, str) or body is None:
            return name, [f"{status}: the error body is not JSON: {str(body)[:80]!r}"]
        return name, [f"{status}: {e}" for e in Spec({}).validate(ERROR_SCHEMA, body)]
    responses = operation.get("responses", {})
    declared = responses.get(str(status))
    if declared is None and status == 204 and (method, template) in NO_CONTENT_AS_200:
        declared = responses.get("200")
    if declared is None:
        return name, [f"status {status} is not declared (spec: {sorted(responses)})"]
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return name, [] if body in (None, "") else [f"{status}: a body where the spec declares none"]
    if body is None:
        return name, [f"{status}: no body where the spec declares one"]
    return name, [f"{status}: {e}" for e in spec.validate(schema, body)]


def test_every_exchange_of_the_session_matches_zooms_specs(tmp_path: Path) -> None:
    specs = load_specs()
    operations = Operations(specs)
    own = tmp_path / "contract.jsonl"
    with SandboxServer(users=40, record_path=own) as zoom:
        exercise_every_endpoint(zoom)
    records = read_records(tmp_path)
    session_dir = os.environ.get("ZOOM_CONTRACT_RECORD_DIR")
    if session_dir:
        records += read_records(Path(session_dir))

    skipped: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    failures: dict[str, set[str]] = defaultdict(set)
    for record in records:
        result = check(record, operations)
        if result is None:
            skipped[f"{record['method']} {record['path']}"] += 1
            continue
        name, problems = result
        checked[name] += 1
        for problem in problems:
            failures[name].add(problem)

    report = ["Contract check of the sandbox against " + ", ".join(n for n, _ in specs),
              f"{len(records)} exchanges, {sum(checked.values())} checked over {len(checked)} operations:"]
    report += [f"  {count:5d}  {name}" for name, count in sorted(checked.items())]
    report.append("Skipped (no spec covers these paths):")
    uncovered = Counter(re.sub(r"/members/[^/]+$", "/members/{memberId}",
                               re.sub(r"/roles/[^/]+/", "/roles/{roleId}/", key)) for key in skipped)
    report += [f"  {count:5d}  {name}" for name, count in sorted(uncovered.items())] or ["  (none)"]
    print("\n".join(report))
    assert checked, "nothing was recorded"
    if failures:
        lines = []
        for name in sorted(failures):
            problems = sorted(failures[name])
            lines.append(f"{name}:")
            lines += [f"    {p}" for p in problems[:15]]
            if len(problems) > 15:
                lines.append(f"    ... and {len(problems) - 15} more")
        pytest.fail("Responses that do not match Zoom's specs:\n" + "\n".join(lines) + "\n\n" + "\n".join(report))
