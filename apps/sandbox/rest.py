"""Plumbing shared by every api.zoom.us/v2 view of the sandbox.

``@zoom_api(label, key)`` wraps a view: it counts the call, applies injected faults,
authenticates the bearer token, enforces Zoom's per-label rate limits and the daily
cap, and records the exchange for the contract test. ``paginate`` answers list
endpoints with Zoom's page envelope and page tokens that expire after 15 minutes.

Rate windows, faults and page tokens are in this process's memory: they are
ephemeral by nature (Zoom's are too), and the sandbox is one process.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import os
import random as _random
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import tokens
from .services import HEAVY, LIGHT, MEDIUM, RESOURCE_INTENSIVE, count_call, now, zoom_error

View = Callable[..., HttpResponse]

# --- Plans and limits ---------------------------------------------------------------

PLAN_LIMITS: dict[str, dict[str, int]] = {
    # per second for Light/Medium/Heavy, per minute for Resource-intensive, per day "daily"
    "pro": {LIGHT: 30, MEDIUM: 20, HEAVY: 10, RESOURCE_INTENSIVE: 10, "daily": 30_000},
    "business": {LIGHT: 80, MEDIUM: 60, HEAVY: 40, RESOURCE_INTENSIVE: 20, "daily": 60_000},
}
WINDOW_SECONDS = {LIGHT: 1.0, MEDIUM: 1.0, HEAVY: 1.0, RESOURCE_INTENSIVE: 60.0}
DAILY_LABELS = (HEAVY, RESOURCE_INTENSIVE)
PAGE_TOKEN_TTL = timedelta(minutes=15)


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    # (account zoom id, label) -> timestamps (monotonic) of accepted calls in the window
    windows: dict[tuple[str, str], deque[float]] = field(default_factory=lambda: defaultdict(deque))
    # (account zoom id, sandbox UTC date) -> Heavy + Resource-intensive calls that day
    daily: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    # account zoom id -> plan override / limit overrides set through the control API
    plan: dict[str, str] = field(default_factory=dict)
    limit_overrides: dict[str, int] = field(default_factory=dict)
    # account zoom id (or "*") -> how many Licensed users the account may have; none: no limit
    licensed_seats: dict[str, int] = field(default_factory=dict)
    rate_limits_enabled: bool = True
    faults: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: int = 0
    pages_served: int = 0
    page_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)


STATE = _State()


def reset_runtime_state() -> None:
    """Forget rate windows, faults, overrides and page tokens (the control API's reset)."""
    global STATE
    STATE = _State()


def limits_for(account_plan: str, account_id: str) -> dict[str, int]:
    plan = STATE.plan.get(account_id) or STATE.plan.get("*") or account_plan or "pro"
    return {**PLAN_LIMITS.get(plan, PLAN_LIMITS["pro"]), **STATE.limit_overrides}


_UNCHANGED: Any = object()


def set_limits(*, plan: str | None = None, account_id: str = "*", overrides: dict[str, int] | None = None,
               enabled: bool | None = None, licensed_seats: int | None = _UNCHANGED) -> dict[str, Any]:
    with STATE.lock:
        if licensed_seats is None:
            STATE.licensed_seats.pop(account_id, None)
        elif licensed_seats is not _UNCHANGED:
            STATE.licensed_seats[account_id] = int(licensed_seats)
        if plan:
            if plan not in PLAN_LIMITS:
                raise ValueError(f"plan must be one of {sorted(PLAN_LIMITS)}")
            STATE.plan[account_id] = plan
        if overrides is not None:
            STATE.limit_overrides = {k: int(v) for k, v in overrides.items()}
        if enabled is not None:
            STATE.rate_limits_enabled = bool(enabled)
        return {"plan": dict(STATE.plan), "overrides": dict(STATE.limit_overrides),
                "enabled": STATE.rate_limits_enabled, "licensed_seats": dict(STATE.licensed_seats)}


def licensed_seats_for(account_id: str) -> int | None:
    """The account's Licensed seats when a limit was set through the control API."""
    return STATE.licensed_seats.get(account_id, STATE.licensed_seats.get("*"))


def _rate_limited(account_id: str, account_plan: str, label: str, at: float | None = None) -> HttpResponse | None:
    """Take one call from the budget, or answer Zoom's 429."""
    if not STATE.rate_limits_enabled or label not in WINDOW_SECONDS:
        return None
    limits = limits_for(account_plan, account_id)
    today = now().date().isoformat()
    with STATE.lock:
        if label in DAILY_LABELS and STATE.daily[(account_id, today)] >= limits["daily"]:
            midnight = datetime.combine(now().date() + timedelta(days=1), datetime.min.time(), now().tzinfo)
            retry = max(1, math.ceil((midnight - now()).total_seconds()))
            return _too_many(
                "You have reached the maximum daily rate limit for this API. "
                "Refer to the response header for details on when you can make another request.",
                label, "Daily-limit", limits["daily"], retry,
            )
        window = STATE.windows[(account_id, label)]
        # Zoom counts a call when it arrives, not when its answer is being made.
        arrived = at if at is not None else time.monotonic()
        horizon = arrived - WINDOW_SECONDS[label]
        while window and window[0] <= horizon:
            window.popleft()
        if len(window) >= limits[label]:
            retry = max(1, math.ceil(window[0] + WINDOW_SECONDS[label] - arrived))
            unit = "per-second" if WINDOW_SECONDS[label] == 1.0 else "per-minute"
            return _too_many(
                f"You have reached the maximum {unit} rate limit for this API. Try again later.",
                label, "QPS", limits[label], retry,
            )
        bisect.insort(window, arrived)
        if label in DAILY_LABELS:
            STATE.daily[(account_id, today)] += 1
    return None


def _too_many(message: str, label: str, kind: str, limit: int, retry_after: int) -> HttpResponse:
    response = zoom_error(429, 429, message)
    response["X-RateLimit-Category"] = label
    response["X-RateLimit-Type"] = kind
    response["X-RateLimit-Limit"] = str(limit)
    response["X-RateLimit-Remaining"] = "0"
    response["Retry-After"] = str(retry_after)
    return response


# --- Faults -----------------------------------------------------------------------------

# The faults a random mode may pick: Zoom's 429 (before the call is applied), its 5xx, a dropped connection.
RANDOM_KINDS = ("429", "500", "502", "503", "504", "drop")
# The WSGI environ key under which the sandbox's server gives a way to close the connection.
CLOSE_CONNECTION = "sandbox.close_connection"


def add_fault(fault: dict[str, Any]) -> None:
    """A fault: ``{"status": 429|500|502|503, "count": n, "method": "GET", "path": "/v2/users",
    "retry_after": s}`` or ``{"drop": true, ...}`` (the body is cut short and the connection
    closed), or ``{"fail_after_pages": n, "status": 500}`` (list pages after the n-th fail).

    ``"after_write": true`` (5xx or drop only) applies the call first and then fails: the
    change is made at "Zoom" but its answer is lost.

    ``{"random": {"seed": 7, "rate": 0.2, "mix": {"429": 1, "500": 1, "drop": 1}}}`` fails
    each matching call with probability ``rate``, the kind picked by the mix's weights; the
    sequence is fixed by the seed and the order of the calls (``count``: at most so many
    faults, no limit by default). With ``after_write`` its 5xx and drops come after the call
    was applied (a 429 always comes before: Zoom refused the call)."""
    with STATE.lock:
        if "random" in fault:
            spec = fault["random"]
            mix = {str(k): float(v) for k, v in (spec.get("mix") or {"429": 1, "500": 1, "drop": 1}).items()}
            fault = {"count": 10**9, **fault, "random": {
                "rate": float(spec.get("rate", 0.2)), "kinds": list(mix), "weights": list(mix.values()),
                "rng": _random.Random(spec.get("seed", 0)), "seed": spec.get("seed", 0)}}
        STATE.faults.append({"count": 1, **fault})


def set_latency(ms: int) -> None:
    STATE.latency_ms = max(0, int(ms))


def clear_faults() -> None:
    with STATE.lock:
        STATE.faults.clear()
        STATE.latency_ms = 0
        STATE.pages_served = 0


def _draw(fault: dict[str, Any]) -> dict[str, Any] | None:
    """One random fault's choice for one call: two draws per call whatever the outcome, so the
    sequence depends only on the seed and the order of the calls."""
    spec = fault["random"]
    roll = spec["rng"].random()
    kind = spec["rng"].choices(spec["kinds"], weights=spec["weights"])[0]
    if roll >= spec["rate"]:
        return None
    chosen: dict[str, Any] = {"drop": True} if kind == "drop" else {"status": int(kind)}
    chosen["after_write"] = bool(fault.get("after_write")) and kind != "429"
    return chosen


def _matching_fault(request: HttpRequest, *, is_page: bool) -> dict[str, Any] | None:
    """The fault this call meets, if any; one with ``after_write`` is applied by the caller after the view."""
    with STATE.lock:
        for fault in STATE.faults:
            if fault.get("method") and fault["method"].upper() != request.method:
                continue
            if fault.get("path") and not request.path.startswith(fault["path"]):
                continue
            if "fail_after_pages" in fault and (not is_page or STATE.pages_served < fault["fail_after_pages"]):
                continue
            if fault["count"] <= 0:
                continue
            if "random" in fault:
                chosen = _draw(fault)
                if chosen is None:
                    continue
                fault["count"] -= 1
                return {**{k: v for k, v in fault.items() if k in ("retry_after", "label", "message")}, **chosen}
            fault["count"] -= 1
            return dict(fault)
    return None


def _fault_response(request: HttpRequest, fault: dict[str, Any]) -> HttpResponse:
    if fault.get("drop"):
        return _dropped(request)
    status = int(fault.get("status", 500))
    if status == 429:
        return _too_many("You have reached the maximum per-second rate limit for this API. Try again later.",
                         str(fault.get("label", LIGHT)), "QPS", 0, int(fault.get("retry_after", 1)))
    return zoom_error(status, status, fault.get("message") or "Internal server error. Try again later.")


def _dropped(request: HttpRequest) -> HttpResponse:
    """Announce more bytes than are sent, then close the connection: the client sees it cut
    mid-body at once (it does not wait out its read timeout for the rest)."""
    close = request.META.get(CLOSE_CONNECTION)

    def body() -> Any:
        yield b'{"code": 0, "mess'
        if close is not None:
            close()

    response = StreamingHttpResponse(body(), content_type="application/json")
    response["Content-Length"] = "4096"
    return response


# --- Contract recording ------------------------------------------------------------------

_record_lock = threading.Lock()


def _record(request: HttpRequest, key: str, response: HttpResponse) -> None:
    """Append the exchange to SANDBOX_RECORD_PATH (JSON lines) for the contract test."""
    path = os.environ.get("SANDBOX_RECORD_PATH")
    if not path or isinstance(response, StreamingHttpResponse):
        return
    try:
        request_body = json.loads(request.body) if request.body else None
    except ValueError:
        request_body = request.body.decode(errors="replace")
    try:
        response_body = json.loads(response.content) if response.content else None
    except ValueError:
        response_body = response.content.decode(errors="replace")
    line = json.dumps({
        "operation": key, "method": request.method, "path": request.path, "query": request.GET.dict(),
        "request": request_body, "status": response.status_code, "response": response_body,
    })
    with _record_lock, open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


# --- The decorator -----------------------------------------------------------------------


def zoom_api(label: str, key: str, *, is_list: bool = False) -> Callable[[View], View]:
    """Wrap a /v2 view. ``key`` is the path template ("/users/{userId}/meetings"): calls are
    counted as ``"<METHOD> /v2<key>"``. The view receives ``request.zoom_token``
    (a SandboxToken, its ``account`` the caller's account)."""

    def decorator(view: View) -> View:
        @csrf_exempt
        @never_cache
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            request.zoom_arrived = time.monotonic()
            operation = f"{request.method} /v2{key}"
            count_call(operation, label)
            if STATE.latency_ms:
                time.sleep(STATE.latency_ms / 1000)
            response = _handle(request, view, label, is_list, args, kwargs)
            _record(request, operation, response)
            return response

        return wrapper

    return decorator


def _handle(request: HttpRequest, view: View, label: str, is_list: bool, args: Any, kwargs: Any) -> HttpResponse:
    fault = _matching_fault(request, is_page=is_list and request.method == "GET")
    if fault is not None and not fault.get("after_write"):
        return _fault_response(request, fault)
    try:
        token = tokens.access_token_from(request.META.get("HTTP_AUTHORIZATION", ""))
    except tokens.BearerError as exc:
        return zoom_error(401, 124, exc.message)
    account = token.account
    limited = _rate_limited(account.zoom_id, account.plan, label, getattr(request, "zoom_arrived", None))
    if limited is not None:
        return limited
    request.zoom_token = token
    request.zoom_account = account
    response = view(request, *args, **kwargs)
    if is_list and request.method == "GET" and response.status_code == 200:
        with STATE.lock:
            STATE.pages_served += 1
    if fault is not None and response.status_code < 400:
        return _fault_response(request, fault)  # applied, but the answer is lost
    return response


def methods(**views: View) -> View:
    """Dispatch one URL to a view per HTTP method (``methods(GET=list_users, POST=create_user)``);
    each view is already wrapped by ``zoom_api`` with its own label."""

    @csrf_exempt
    def dispatch(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        view = views.get(request.method)
        if view is None:
            return zoom_error(405, 405, f"Method {request.method} is not allowed.")
        return view(request, *args, **kwargs)

    return dispatch


# --- Pagination -------------------------------------------------------------------------


def page_size(request: HttpRequest, maximum: int, default: int = 30) -> int | HttpResponse:
    raw = request.GET.get("page_size")
    if raw in (None, ""):
        return default
    try:
        size = int(raw)
    except ValueError:
        return zoom_error(400, 300, "Invalid field: page_size.")
    if size < 1:
        return zoom_error(400, 300, "Invalid field: page_size.")
    return min(size, maximum)  # Zoom caps silently at the maximum


def paginate(
    request: HttpRequest,
    items: QuerySet | list,
    to_json: Callable[[Any], dict[str, Any]],
    *,
    key: str,
    maximum: int = 300,
    default: int = 30,
    extra: dict[str, Any] | None = None,
    envelope: tuple[str, ...] | None = None,
    page_json: Callable[[list[Any]], list[dict[str, Any]]] | None = None,
) -> HttpResponse:
    """Answer one page in Zoom's envelope: ``page_size``, ``total_records``,
    ``next_page_token`` ("" on the last page), ``page_count``, ``page_number``, and the
    items under ``key`` (``page_json`` maps the whole page at once, to batch look-ups;
    ``envelope`` keeps only the named envelope fields, for the operations whose spec has
    fewer, e.g. GET /groups). A page token is bound to the filters it was issued for and
    expires after 15 minutes of sandbox time."""
    size = page_size(request, maximum, default)
    if isinstance(size, HttpResponse):
        return size
    signature = _signature(request)
    token = request.GET.get("next_page_token", "")
    offset = 0
    if token:
        with STATE.lock:
            entry = STATE.page_tokens.get(token)
        if entry is None or entry["expires"] <= now() or entry["signature"] != signature:
            return zoom_error(400, 300, "The next page token is invalid or expired.")
        offset = entry["offset"]
    total = items.count() if isinstance(items, QuerySet) else len(items)
    page = list(items[offset : offset + size])
    next_token = ""
    if offset + size < total:
        next_token = secrets.token_urlsafe(24)
        with STATE.lock:
            STATE.page_tokens[next_token] = {"offset": offset + size, "signature": signature,
                                             "expires": now() + PAGE_TOKEN_TTL}
    body = {
        "page_size": size,
        "total_records": total,
        "next_page_token": next_token,
        "page_count": max(1, math.ceil(total / size)) if total else 0,
        "page_number": offset // size + 1,
        **(extra or {}),
    }
    if envelope is not None:
        body = {name: value for name, value in body.items() if name in envelope or name in (extra or {})}
    body[key] = page_json(page) if page_json is not None else [to_json(item) for item in page]
    return JsonResponse(body)


def _signature(request: HttpRequest) -> str:
    query = {k: v for k, v in request.GET.items() if k not in ("next_page_token", "page_size", "page_number")}
    return request.path + "?" + "&".join(f"{k}={query[k]}" for k in sorted(query))
