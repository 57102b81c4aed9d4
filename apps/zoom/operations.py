"""The Zoom operations the dashboard uses: rate-limit label, page-size maximum, and
whether repeating the call is safe.

Labels and maxima are read off Zoom's OpenAPI specs (each operation's description
carries "Rate Limit Label"); tests/zoom/test_operations.py checks this table against
../shared/zoom-api so it cannot drift. Operations of Zoom's Accounts API (roles,
/metrics) are not in the vendored specs: their labels follow Zoom's documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

LIGHT = "Light"
MEDIUM = "Medium"
HEAVY = "Heavy"
RESOURCE_INTENSIVE = "Resource-intensive"
LABELS = (LIGHT, MEDIUM, HEAVY, RESOURCE_INTENSIVE)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # Zoom's path template, e.g. "/users/{userId}"
    label: str
    page_size_max: int | None = None  # None: not a paginated list
    # A repeat after a lost answer does no harm (reads; PUT/PATCH/DELETE that set a state).
    idempotent: bool = False
    in_spec: bool = True


_OPS = [
    # Users (users.openapi.json)
    Operation("GET", "/users", MEDIUM, 2000, True),
    Operation("POST", "/users", LIGHT),
    Operation("GET", "/users/summary", MEDIUM, None, True),
    Operation("GET", "/users/{userId}", LIGHT, None, True),
    Operation("PATCH", "/users/{userId}", LIGHT, None, True),
    Operation("DELETE", "/users/{userId}", LIGHT, None, True),
    Operation("PUT", "/users/{userId}/status", LIGHT, None, True),
    Operation("GET", "/groups", MEDIUM, 300, True),
    Operation("GET", "/groups/{groupId}/members", MEDIUM, 2000, True),
    Operation("POST", "/groups/{groupId}/members", MEDIUM),
    Operation("DELETE", "/groups/{groupId}/members/{memberId}", LIGHT, None, True),
    # Roles (Accounts API; not vendored)
    Operation("GET", "/roles", MEDIUM, 300, True, in_spec=False),
    Operation("GET", "/roles/{roleId}/members", MEDIUM, 300, True, in_spec=False),
    Operation("POST", "/roles/{roleId}/members", MEDIUM, in_spec=False),
    Operation("DELETE", "/roles/{roleId}/members/{memberId}", LIGHT, None, True, in_spec=False),
    # Meetings (meetings.openapi.json)
    Operation("GET", "/users/{userId}/meetings", MEDIUM, 300, True),
    Operation("POST", "/users/{userId}/meetings", MEDIUM),
    Operation("GET", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("PATCH", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("DELETE", "/meetings/{meetingId}", LIGHT, None, True),
    Operation("PUT", "/meetings/{meetingId}/status", LIGHT, None, True),
    Operation("GET", "/meetings/{meetingId}/invitation", LIGHT, None, True),
    Operation("GET", "/meetings/{meetingId}/registrants", MEDIUM, 300, True),
    Operation("POST", "/meetings/{meetingId}/registrants", LIGHT),
    Operation("POST", "/meetings/{meetingId}/batch_registrants", HEAVY),
    Operation("PUT", "/meetings/{meetingId}/registrants/status", MEDIUM, None, True),
    Operation("GET", "/meetings/{meetingId}/registrants/questions", LIGHT, None, True),
    Operation("PATCH", "/meetings/{meetingId}/registrants/questions", LIGHT, None, True),
    Operation("GET", "/meetings/{meetingId}/registrants/{registrantId}", LIGHT, None, True),
    Operation("DELETE", "/meetings/{meetingId}/registrants/{registrantId}", LIGHT, None, True),
    # Webinars
    Operation("GET", "/users/{userId}/webinars", MEDIUM, 300, True),
    Operation("POST", "/users/{userId}/webinars", LIGHT),
    Operation("GET", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("PATCH", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("DELETE", "/webinars/{webinarId}", LIGHT, None, True),
    Operation("PUT", "/webinars/{webinarId}/status", LIGHT, None, True),
    Operation("GET", "/webinars/{webinarId}/registrants", MEDIUM, 300, True),
    Operation("POST", "/webinars/{webinarId}/registrants", LIGHT),
    Operation("POST", "/webinars/{webinarId}/batch_registrants", HEAVY),
    Operation("PUT", "/webinars/{webinarId}/registrants/status", MEDIUM, None, True),
    Operation("GET", "/webinars/{webinarId}/registrants/questions", LIGHT, None, True),
    Operation("PATCH", "/webinars/{webinarId}/registrants/questions", LIGHT, None, True),
    Operation("GET", "/webinars/{webinarId}/registrants/{registrantId}", LIGHT, None, True),
    Operation("DELETE", "/webinars/{webinarId}/registrants/{registrantId}", LIGHT, None, True),
    Operation("GET", "/webinars/{webinarId}/panelists", MEDIUM, None, True),
    Operation("POST", "/webinars/{webinarId}/panelists", MEDIUM),
    Operation("DELETE", "/webinars/{webinarId}/panelists", LIGHT, None, True),
    Operation("DELETE", "/webinars/{webinarId}/panelists/{panelistId}", LIGHT, None, True),
    # Reports (all Heavy)
    Operation("GET", "/report/daily", HEAVY, None, True),
    Operation("GET", "/report/users", HEAVY, 300, True),
    Operation("GET", "/report/users/{userId}/meetings", HEAVY, 300, True),
    Operation("GET", "/report/meetings/{meetingId}", HEAVY, None, True),
    Operation("GET", "/report/meetings/{meetingId}/participants", HEAVY, 300, True),
    Operation("GET", "/report/meetings/{meetingId}/polls", HEAVY, None, True),
    Operation("GET", "/report/meetings/{meetingId}/qa", HEAVY, None, True),
    Operation("GET", "/report/webinars/{webinarId}", HEAVY, None, True),
    Operation("GET", "/report/webinars/{webinarId}/participants", HEAVY, 300, True),
    Operation("GET", "/report/webinars/{webinarId}/polls", HEAVY, None, True),
    Operation("GET", "/report/webinars/{webinarId}/qa", HEAVY, None, True),
    Operation("GET", "/report/cloud_recording", HEAVY, None, True),
    Operation("GET", "/report/telephone", HEAVY, 300, True),
    Operation("GET", "/report/operationlogs", HEAVY, 300, True),
    Operation("GET", "/report/activities", HEAVY, 300, True),
    Operation("GET", "/report/upcoming_events", HEAVY, 300, True),
    Operation("GET", "/report/history_meetings", HEAVY, 300, True),
    # Dashboards (Accounts API; not vendored): Resource-intensive, Business plan and up.
    Operation("GET", "/metrics/meetings", RESOURCE_INTENSIVE, 300, True, in_spec=False),
]

OPERATIONS: dict[tuple[str, str], Operation] = {(op.method, op.path): op for op in _OPS}


def operation(method: str, path: str) -> Operation:
    try:
        return OPERATIONS[(method.upper(), path)]
    except KeyError:
        raise KeyError(f"{method} {path} is not a known Zoom operation: add it to apps/zoom/operations.py") from None
