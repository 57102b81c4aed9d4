"""Bulk actions on "these rows" (checked boxes) or "all that match" the list's filter.

"All that match" is carried as the filter's querystring and re-run when the action is
posted; the rows it selects are counted and shown for confirmation first, and asked again
when the count changed in between (the list itself shows no count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


class InvalidFilter(Exception):
    """The filter carried by an "all that match" action is not valid: nothing is done."""


@dataclass
class Selection:
    ids: list[Any]
    all_matching: bool
    querystring: str  # the list's filter, for the way back

    def confirmed(self, request: HttpRequest) -> bool:
        """Checked rows need no confirmation; "all that match" needs its count confirmed."""
        return not self.all_matching or request.POST.get("confirm") == str(len(self.ids))


def selected(request: HttpRequest, *, matching: Callable[[QueryDict], Any | None],
             checked: Callable[[list[str]], Iterable[Any]]) -> Selection:
    """The rows a bulk action applies to.

    ``matching(filters)`` returns the queryset (of ids) that the list's filter selects, or
    None when the filter is invalid (raised here as :class:`InvalidFilter`); ``checked(values)``
    returns the ids among the checked boxes' values that belong to this account."""
    querystring = request.POST.get("filter", "")
    if request.POST.get("scope") == "all":
        found = matching(QueryDict(querystring))
        if found is None:
            raise InvalidFilter(querystring)
        return Selection(list(found), True, querystring)
    return Selection(list(checked(request.POST.getlist("ids"))), False, querystring)


def confirm_page(request: HttpRequest, selection: Selection, *, noun: str, heading: str, button: str,
                 explanation: str, post_to: str, back: str, hidden: dict[str, Any]) -> HttpResponse:
    """"Apply to all N that match?": the count, and a form that posts the action again with
    ``confirm=N``."""
    return render(request, "components/confirm_all.html", {
        "heading": heading, "noun": noun, "count": len(selection.ids), "button": button, "back": back,
        "explanation": explanation, "post_to": post_to,
        "hidden": {**hidden, "scope": "all", "filter": selection.querystring, "confirm": len(selection.ids)}})
