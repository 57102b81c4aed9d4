"""The control API under /_sandbox/, for tests, benchmarks and the Makefile.

Not part of Zoom: JSON in, JSON out, no authentication (the sandbox listens
on 127.0.0.1 only and holds nothing but fake data).
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import demo
from .models import SandboxCallCount
from .services import DB, advance_clock, call_counts, clock_offset, iso, json_body, now, set_clock_offset


def _bad_request(message: str) -> JsonResponse:
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
        return _bad_request("seed and users must be integers")
    if users > 100_000:
        return _bad_request("users must be at most 100000")
    return JsonResponse({"ok": True, **demo.reset(seed=seed, users=users)})


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
                return _bad_request("send advance_seconds or offset_seconds")
        except (TypeError, ValueError):
            return _bad_request("seconds must be numbers")
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
