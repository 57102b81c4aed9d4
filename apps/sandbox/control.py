"""The control API under /_sandbox/, for tests, benchmarks and the Makefile.

Not part of Zoom: JSON in, JSON out, no authentication (the sandbox listens
on 127.0.0.1 only and holds nothing but fake data). Areas may add control paths of
their own in their ``urls.py`` (e.g. the events' ``/_sandbox/simulate/registrations``),
answering errors with :func:`bad_request`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import demo, registry, rest
from . import webhooks as sandbox_webhooks
from .models import SandboxCallCount, SandboxUser, SandboxWebhookConfig
from .services import DB, advance_clock, call_counts, clock_offset, iso, json_body, now, set_clock_offset


def bad_request(message: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=400)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


@csrf_exempt
@never_cache
@require_POST
def reset(request: HttpRequest) -> HttpResponse:
    body = json_body(request)
    try:
        seed = int(body.get("seed", demo.DEFAULT_SEED))
        users = int(body.get("users", demo.DEFAULT_USERS))
    except (TypeError, ValueError):
        return bad_request("seed and users must be integers")
    if users > 100_000:
        return bad_request("users must be at most 100000")
    # The areas' sizes ("meetings", "registrants"...): those sent, the areas' defaults for the others.
    declared = registry.demo_sizes()
    names = " and ".join(declared)
    try:
        sizes = {name: int(body.get(name, size.default)) for name, size in declared.items()}
    except (TypeError, ValueError):
        return bad_request(f"{names} must be integers")
    if any(value < 0 for value in sizes.values()):
        return bad_request(f"{names} must not be negative")
    rest.reset_runtime_state()
    for area in registry.areas():
        area.reset_runtime_state()
    data = demo.reset(seed=seed, users=users, **sizes)
    return JsonResponse({"ok": True, **data})


@never_cache
@require_GET
def state(request: HttpRequest) -> HttpResponse:
    return JsonResponse(demo.summary())


def _clock_json() -> dict:
    return {"now": iso(now()), "offset_seconds": clock_offset()}


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def clock(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        body = json_body(request)
        try:
            if "offset_seconds" in body:
                set_clock_offset(float(body["offset_seconds"]))
            elif "advance_seconds" in body:
                advance_clock(float(body["advance_seconds"]))
            else:
                return bad_request("send advance_seconds or offset_seconds")
        except (TypeError, ValueError):
            return bad_request("seconds must be numbers")
    return JsonResponse(_clock_json())


@never_cache
@require_GET
def calls(request: HttpRequest) -> HttpResponse:
    rows = call_counts()
    by_label: dict[str, int] = defaultdict(int)
    for row in rows:
        by_label[row["label"]] += row["count"]
    return JsonResponse({"calls": rows, "by_label": dict(by_label)})


@csrf_exempt
@require_POST
def calls_reset(request: HttpRequest) -> HttpResponse:
    SandboxCallCount.objects.using(DB).all().delete()
    return JsonResponse({"ok": True})


@csrf_exempt
@never_cache
@require_POST
def user_verified(request: HttpRequest) -> HttpResponse:
    """``{"email": ..., "verified": false|true}``: play a Zoom user whose email is (not) verified;
    ``GET /v2/users/me`` then says ``verified: 0`` (or 1)."""
    body = json_body(request)
    email, verified = body.get("email"), body.get("verified")
    if not isinstance(email, str) or not email:
        return bad_request("send the user's email")
    if not isinstance(verified, bool):
        return bad_request("verified must be a boolean")
    changed = SandboxUser.objects.using(DB).filter(email=email.lower()).update(verified=int(verified))
    if not changed:
        return JsonResponse({"ok": False, "error": "no such user"}, status=404)
    return JsonResponse({"ok": True, "email": email.lower(), "verified": int(verified)})


# --- limits, faults, latency, webhooks ------------------------------------------------------


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def limits(request: HttpRequest) -> HttpResponse:
    """``{"plan": "pro"|"business", "account_id"?: ..., "overrides"?: {"Light": 5, "daily": 3},
    "enabled"?: bool, "licensed_seats"?: int | null}``: the plan (for one account, or all), limit
    overrides, rate limits on/off, and how many Licensed users the account may have (null: no limit)."""
    if request.method == "GET":
        return JsonResponse({"ok": True, **rest.set_limits()})
    body = json_body(request)
    overrides = body.get("overrides")
    if overrides is not None:
        allowed = set(rest.PLAN_LIMITS["pro"])
        if not isinstance(overrides, dict) or not set(overrides) <= allowed:
            return bad_request(f"overrides keys must be among {sorted(allowed)}")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in overrides.values()):
            return bad_request("overrides values must be non-negative integers")
    enabled = body.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        return bad_request("enabled must be a boolean")
    seats = body.get("licensed_seats", rest._UNCHANGED)
    if seats is not rest._UNCHANGED and seats is not None and (
            not isinstance(seats, int) or isinstance(seats, bool) or seats < 0):
        return bad_request("licensed_seats must be a non-negative integer, or null for no limit")
    try:
        data = rest.set_limits(
            plan=body.get("plan"), account_id=str(body.get("account_id") or "*"), overrides=overrides, enabled=enabled,
            licensed_seats=seats,
        )
    except ValueError as exc:
        return bad_request(str(exc))
    return JsonResponse({"ok": True, **data})


_FAULT_KEYS = {"status", "count", "method", "path", "retry_after", "drop", "fail_after_pages", "message", "label",
               "after_write", "random"}


def _random_spec_error(spec: Any) -> str | None:
    if not isinstance(spec, dict) or set(spec) - {"seed", "rate", "mix"}:
        return "random must be {seed, rate, mix}"
    if not isinstance(spec.get("seed", 0), int) or isinstance(spec.get("seed", 0), bool):
        return "random.seed must be an integer"
    rate = spec.get("rate", 0.2)
    if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 <= rate <= 1:
        return "random.rate must be a number from 0 to 1"
    mix = spec.get("mix", {"429": 1, "500": 1, "drop": 1})
    if (not isinstance(mix, dict) or not mix or set(mix) - set(rest.RANDOM_KINDS)
            or any(not isinstance(w, int | float) or isinstance(w, bool) or w < 0 for w in mix.values())
            or not sum(mix.values())):
        return f"random.mix must weigh some of {list(rest.RANDOM_KINDS)} (non-negative numbers)"
    return None


@csrf_exempt
@never_cache
@require_POST
def faults(request: HttpRequest) -> HttpResponse:
    """Add a fault: ``{"status": 429|500|502|503, "count": n, "method"?, "path"?, "retry_after"?}``,
    ``{"drop": true, ...}``, ``{"fail_after_pages": n, "status": 500, "count": n}``, or
    ``{"random": {"seed": n, "rate": 0.2, "mix": {"429": 1, "500": 1, "drop": 1}}, ...}``;
    ``"after_write": true`` (5xx, drop or random) fails after the call was applied."""
    body = json_body(request)
    unknown = set(body) - _FAULT_KEYS
    if unknown:
        return bad_request(f"unknown keys: {sorted(unknown)}")
    if "random" in body:
        problem = _random_spec_error(body["random"])
        if problem or "status" in body or body.get("drop") or "fail_after_pages" in body:
            return bad_request(problem or "random picks its own faults: send no status, drop or fail_after_pages")
    elif not body.get("drop") and "status" not in body:
        return bad_request("send status (429, 500, 502, 503), drop: true or random")
    if "after_write" in body and not isinstance(body["after_write"], bool):
        return bad_request("after_write must be true or false")
    if body.get("after_write") and (body.get("status") == 429 or "fail_after_pages" in body):
        return bad_request("a 429 (or a failed page) comes before the call is applied: no after_write")
    for key in ("status", "count", "retry_after", "fail_after_pages"):
        if key in body and (not isinstance(body[key], int) or isinstance(body[key], bool) or body[key] < 0):
            return bad_request(f"{key} must be a non-negative integer")
    if "status" in body and body["status"] not in (429, 500, 502, 503, 504):
        return bad_request("status must be 429, 500, 502, 503 or 504")
    rest.add_fault(body)
    return JsonResponse({"ok": True, "faults": len(rest.STATE.faults)})


@csrf_exempt
@require_POST
def faults_clear(request: HttpRequest) -> HttpResponse:
    rest.clear_faults()
    return JsonResponse({"ok": True})


@csrf_exempt
@require_POST
def latency(request: HttpRequest) -> HttpResponse:
    body = json_body(request)
    ms = body.get("ms")
    if not isinstance(ms, int) or isinstance(ms, bool) or not 0 <= ms <= 60_000:
        return bad_request("ms must be an integer between 0 and 60000")
    rest.set_latency(ms)
    return JsonResponse({"ok": True, "ms": ms})


def webhook_config() -> SandboxWebhookConfig:
    return sandbox_webhooks.config()


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def webhooks(request: HttpRequest) -> HttpResponse:
    """``{"enabled": bool, "url"?: "http://...", "secret"?: "..."}``: when enabled, every change
    the sandbox makes is sent to ``url`` as a Zoom event signed with ``secret``. The answer
    never shows the secret, only whether one is set; ``pending`` counts undelivered events."""
    config = webhook_config()
    if request.method == "POST":
        body = json_body(request)
        enabled, url, secret = body.get("enabled"), body.get("url"), body.get("secret")
        if not isinstance(enabled, bool):
            return bad_request("enabled must be a boolean")
        if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            return bad_request("url must be an http(s) URL")
        if secret is not None and (not isinstance(secret, str) or len(secret) > 200):
            return bad_request("secret must be a string of at most 200 characters")
        config.enabled = enabled
        if url is not None:
            config.url = url
        if secret is not None:
            config.secret = secret
        if enabled and not (config.url and config.secret):
            return bad_request("sending webhooks needs a url and a secret")
        config.save(using=DB)
    return JsonResponse({"ok": True, "enabled": config.enabled, "url": config.url,
                         "secret_set": bool(config.secret), "pending": sandbox_webhooks.pending()})
