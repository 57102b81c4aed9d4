"""Cursor pagination for the JSON API: ``{"next", "previous", "results"}``."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    cursor_query_param = "cursor"
    # Newest first; the id breaks ties between rows created in the same microsecond.
    ordering = ("-created_at", "id")
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
