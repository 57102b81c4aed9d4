"""The htmx contract of every page that swaps a fragment of itself: one place to decide
between the whole page and a ``{% partialdef %}`` of it, and one way for polling to end."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseStopPolling


def wants_partial(request: HttpRequest) -> bool:
    """An htmx swap asks for a fragment; a history restore (back button after htmx's cache
    missed) needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def partial_or_page(request: HttpRequest, template: str, context: dict, *, partial: str = "table",
                    push: str | None = None, status: int = 200) -> HttpResponse:
    """The whole page, or its ``#partial`` when htmx swaps it (filters, sort, pager, polling).

    ``push``, when given, is the list's clean querystring (no empty fields): after a swap the
    address bar gets it, so reload and back rebuild the same table. The answer varies on
    ``HX-Request`` so that no cache serves a fragment as the page."""
    fragment = wants_partial(request)
    response = render(request, f"{template}#{partial}" if fragment else template, context, status=status)
    if fragment and push is not None:
        response["HX-Push-Url"] = request.path + (f"?{push}" if push else "")
    patch_vary_headers(response, ["HX-Request"])
    return response


def polled(request: HttpRequest, template: str, context: dict, *, active: bool,
           partial: str = "progress") -> HttpResponse:
    """A page whose ``#partial`` htmx polls while something runs: once nothing does, the
    fragment is answered with 286, which tells htmx to stop polling (and still swap it)."""
    response = partial_or_page(request, template, context, partial=partial)
    if wants_partial(request) and not active:
        response.status_code = HttpResponseStopPolling.status_code
    return response
