"""Contract test: every exchange the sandbox handled in this session, checked against Zoom's specs.

Runs last (see conftest.py). It reads every recording of the session (each SandboxServer's
file in ZOOM_CONTRACT_RECORD_DIR, and this process's test-client exchanges), adds its own by
calling every users/groups/roles endpoint once on a fresh recording SandboxServer, and checks:

- the operation exists in a spec (method + path template; a literal segment beats a
  parameter, so /users/summary is not /users/{userId});
- a 2xx status is one the spec declares for it, and its JSON body matches the response
  schema: types, required fields, and no field the spec does not define;
- an error body is Zoom's ``{"code", "message"[, "errors"]}`` (the users spec's ErrorResponse);
- the request the sandbox accepted (any status below 400) from a client over HTTP (the
  dashboard's ZoomClient, this test's caller): its JSON body matches the operation's
  requestBody schema (a body where the spec declares none, or none where it requires one, is
  a problem too), and every query parameter is one the operation declares. Refused requests
  and the sandbox's own view tests (Django's test client) are not checked: they send bad
  requests on purpose to see the answer.

The specs are the files the areas of apps/zoom/endpoints name (tests/zoom/specs.py). Paths
of the areas that no vendored spec covers (roles and /metrics: the Accounts API) are skipped
and listed, as are /oauth/*, /_sandbox/* and /p/* (not Zoom's REST API).

Specs come from ZOOM_API_SPEC_DIR (default ``<BASE_DIR>/../shared/zoom-api``); without them
the test skips, unless CI=true, where it fails; an area naming a file that is not there fails.
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

from apps.sandbox import demo
from apps.sandbox.testing import SandboxServer
from apps.zoom.endpoints import areas
from tests.zoom.specs import area_specs

from .openapi_check import Spec

NOT_REST_API = ("/oauth/", "/_sandbox/", "/p/")
TEST_ONLY = ("/v2/metrics/sandbox_test",)  # tests/sandbox/test_sandbox_limits.py's own route
# The specs declare 200 with no body for these; Zoom (and the sandbox) answer 204 No Content.
NO_CONTENT_AS_200 = {("PUT", "/users/{userId}/status")}
# Requests known not to match, listed in the report instead of failing: (operation, problem) -> who sends
# it and what the fix is. Keep it short-lived; the dashboard's own requests must never be here.
KNOWN_MISMATCHES: dict[tuple[str, str], str] = {}


def load_specs() -> list[tuple[str, Spec]]:
    return [(name, Spec(document)) for name, document in area_specs().items()]


def template_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


def not_vendored() -> list[tuple[str, str, re.Pattern[str], str]]:
    """(area, method, path pattern, template) of every operation whose area has no vendored spec."""
    return [(area.name, op.method, template_pattern(op.path), op.path)
            for area in areas() if area.spec is None for op in area.operations]


def uncovered(record: dict[str, Any], vendorless: list[tuple[str, str, re.Pattern[str], str]]) -> str | None:
    """Why no spec checks this exchange, or None when one should."""
    method, path = record["method"], record["path"].removeprefix("/v2")
    if record["path"].startswith(NOT_REST_API) or record["path"] in TEST_ONLY:
        return f"{method} {record['path']} (not Zoom's REST API)"
    for area, op_method, pattern, template in vendorless:
        if op_method == method and pattern.match(path):
            return f"{method} {template} (area {area}: no vendored spec)"
    return None


class Operations:
    """(method, concrete path) -> (spec, template, operation)."""

    def __init__(self, specs: list[tuple[str, Spec]]) -> None:
        self.routes: list[tuple[int, re.Pattern[str], str, str, Spec, dict[str, Any]]] = []
        for _name, spec in specs:
            for template, item in spec.document["paths"].items():
                literal = sum(1 for part in template.split("/") if part and not part.startswith("{"))
                pattern = template_pattern(template)
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
    """Every exchange recorded in ``directory``; ``from_test_client`` marks this process's own file:
    tests/sandbox's calls of the sandbox's views, which send odd requests on purpose."""
    in_process = Path(os.environ.get("SANDBOX_RECORD_PATH") or "/nonexistent").resolve()
    records = []
    for file in sorted(directory.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append({**json.loads(line), "from_test_client": file.resolve() == in_process})
    return records


# --- calling every endpoint once --------------------------------------------------------------


class Caller:
    def __init__(self, zoom: SandboxServer) -> None:
        self.zoom = zoom
        account_id = zoom.state()["accounts"][0]["id"]
        basic = base64.b64encode(f"{demo.S2S_APP[0]}:{demo.S2S_APP[1]}".encode()).decode()
        data = urllib.parse.urlencode({"grant_type": "account_credentials", "account_id": account_id}).encode()
        request = urllib.request.Request(zoom.url + "/oauth/token", data=data,
                                         headers={"Authorization": f"Basic {basic}"})
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
                       "field": {"type": "string"}, "field_value": {"type": "string"},
                       "message": {"type": "string"}}}}},
}


def request_problems(record: dict[str, Any], spec: Spec, operation: dict[str, Any],
                     path_item: dict[str, Any]) -> list[str]:
    """What the sandbox accepted that the spec does not allow: the body, the query's names.

    Requests from the sandbox's own view tests are not checked (they probe its answers to a
    singular ``registrant`` key, extra parameters...), nor refused ones."""
    if record["status"] >= 400 or record.get("from_test_client"):
        return []
    problems = []
    declared = {p["name"] for p in (spec.resolve(p) for p in [*path_item.get("parameters", []),
                                                              *operation.get("parameters", [])])
                if p.get("in") == "query"}
    problems += [f"request: query parameter {name!r} is not in the spec"
                 for name in sorted(set(record.get("query") or {}) - declared)]
    body = record.get("request")
    request_body = spec.resolve(operation["requestBody"]) if "requestBody" in operation else None
    if request_body is None:
        return problems + ([] if body in (None, "") else ["request: a body where the spec declares none"])
    if body is None:
        return problems + (["request: no body where the spec requires one"] if request_body.get("required") else [])
    schema = request_body.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return problems
    if isinstance(body, str):
        return [*problems, f"request: the body is not JSON: {body[:80]!r}"]
    return problems + [f"request: {e}" for e in spec.validate(schema, body)]


def check(record: dict[str, Any], operations: Operations) -> tuple[str, list[str]]:
    """(operation, problems) of one exchange on a path a spec covers."""
    path = record["path"].removeprefix("/v2")
    method = record["method"]
    found = operations.find(method, path)
    if found is None:
        return f"{method} {path}", ["no operation in the specs"]
    template, spec, operation = found
    name = f"{method} {template}"
    return name, request_problems(record, spec, operation, spec.document["paths"][template]) + response_problems(
        record, method, template, spec, operation)


def response_problems(record: dict[str, Any], method: str, template: str, spec: Spec,
                      operation: dict[str, Any]) -> list[str]:
    status, body = record["status"], record["response"]
    if status >= 300:
        if isinstance(body, str) or body is None:
            return [f"{status}: the error body is not JSON: {str(body)[:80]!r}"]
        return [f"{status}: {e}" for e in Spec({}).validate(ERROR_SCHEMA, body)]
    responses = operation.get("responses", {})
    declared = responses.get(str(status))
    if declared is None and status == 204 and (method, template) in NO_CONTENT_AS_200:
        declared = responses.get("200")
    if declared is None:
        return [f"status {status} is not declared (spec: {sorted(responses)})"]
    schema = declared.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return [] if body in (None, "") else [f"{status}: a body where the spec declares none"]
    if body is None:
        return [f"{status}: no body where the spec declares one"]
    return [f"{status}: {e}" for e in spec.validate(schema, body)]


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

    vendorless = not_vendored()
    skipped: Counter[str] = Counter()
    checked: Counter[str] = Counter()
    failures: dict[str, set[str]] = defaultdict(set)
    known: Counter[tuple[str, str]] = Counter()
    for record in records:
        why = uncovered(record, vendorless)
        if why is not None:
            skipped[why] += 1
            continue
        name, problems = check(record, operations)
        checked[name] += 1
        for problem in problems:
            if (name, problem) in KNOWN_MISMATCHES:
                known[(name, problem)] += 1
            else:
                failures[name].add(problem)

    report = ["Contract check of the sandbox against " + ", ".join(n for n, _ in specs),
              f"{len(records)} exchanges, {sum(checked.values())} checked over {len(checked)} operations:"]
    report += [f"  {count:5d}  {name}" for name, count in sorted(checked.items())]
    report.append("Skipped (no spec covers these paths):")
    report += [f"  {count:5d}  {name}" for name, count in sorted(skipped.items())] or ["  (none)"]
    report.append("Known mismatches (listed, not failing):")
    report += [f"  {count:5d}  {name}: {problem}\n         {KNOWN_MISMATCHES[(name, problem)]}"
               for (name, problem), count in sorted(known.items())] or ["  (none)"]
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
        pytest.fail("Exchanges that do not match Zoom's specs:\n" + "\n".join(lines) + "\n\n" + "\n".join(report))
