"""The list pages' htmx contract, one place for every filtered table."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def table_or_page(request: HttpRequest, template: str, context: dict, *, state: str) -> HttpResponse:
    """The whole page, or its ``#table`` partial when htmx swaps the table (filters, sort, pager).

    A history restore (back button after htmx's cache missed) needs the whole page. After a
    swap the address bar gets ``state``, the list's clean querystring (no empty fields), so
    reload and back rebuild the same table."""
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    response = render(request, f"{template}#table" if partial else template, context)
    if partial:
        response["HX-Push-Url"] = request.path + (f"?{state}" if state else "")
    response["Vary"] = "HX-Request"
    return response
