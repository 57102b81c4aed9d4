"""Every typed endpoint function and listing resolves to an operation of its own area.

The functions are called on an autospec'd ZoomClient (the apps/zoom seam): what matters here
is the operation each one names and the path parameters it fills. What they send is checked
against Zoom's specs by the contract test, from test_endpoints_sandbox.py's exchanges.
"""

from __future__ import annotations

from unittest import mock

import pytest

from apps.zoom.client import ZoomClient
from apps.zoom.endpoints import Listing, area_modules, event_path, events, registrants, users
from apps.zoom.endpoints.reports import Report
from apps.zoom.operations import OPERATIONS

from .endpoint_probe import PLACEHOLDER, argument_sets, descriptors, reached, typed_functions

FUNCTIONS = [pytest.param(area, fn, id=f"{area.name}.{fn.__name__}") for _, area, fn in typed_functions()]


def test_there_are_typed_functions_in_every_area():
    with_functions = {area.name for _, area, _ in typed_functions()}
    assert with_functions == {m.AREA.name for m in area_modules()}


@pytest.mark.parametrize(("area", "fn"), FUNCTIONS)
def test_each_typed_function_calls_an_operation_of_its_area_with_exactly_its_path_parameters(area, fn):
    for args, kwargs in argument_sets(fn):
        calls = reached(fn, args, kwargs)
        assert calls, f"{fn.__name__}({args}) made no Zoom call"
        for call in calls:
            op = OPERATIONS.get((call.method, call.path))
            assert op is not None, f"{fn.__name__}: {call.method} {call.path} is not a registered operation"
            assert op.area == area.name, f"{fn.__name__} is in area {area.name!r}, {call.path} in {op.area!r}"
            assert call.path_params == set(PLACEHOLDER.findall(call.path)), (fn.__name__, call)


@pytest.mark.parametrize("module", area_modules(), ids=lambda m: m.AREA.name)
def test_each_listing_and_report_is_a_get_operation_of_its_area(module):
    for item in descriptors(module):
        op = OPERATIONS.get(("GET", item.path))
        assert op is not None and op.area == module.AREA.name, item
        walked = isinstance(item, Listing) or item.paginated
        assert (op.page_size_max is not None) == walked, f"{item.path}: paginated at Zoom iff walked page by page"
        if isinstance(item, Listing):
            assert set(PLACEHOLDER.findall(item.path)) == ({item.id_param} if item.id_param else set()), item


def test_the_registrant_status_call_takes_the_plural_key_and_at_most_30():
    client = mock.create_autospec(ZoomClient, instance=True)
    people = [{"id": f"r{i}", "email": f"r{i}@example.com"} for i in range(30)]
    registrants.set_registrant_status(client, "webinar", 811, action="approve", registrants=people)
    client.call.assert_called_once_with("PUT", "/webinars/{webinarId}/registrants/status",
                                        json={"action": "approve", "registrants": people}, webinarId=811)
    with pytest.raises(ValueError, match="at most 30"):
        registrants.set_registrant_status(client, "meeting", 811, action="deny", registrants=people * 2)


def test_a_delete_sends_zooms_reminder_words_for_each_kind():
    client = mock.create_autospec(ZoomClient, instance=True)
    events.delete_event(client, "meeting", 1, notify_registrants=True)
    events.delete_event(client, "webinar", 2, occurrence_id="169")
    assert client.call.call_args_list == [
        mock.call("DELETE", "/meetings/{meetingId}",
                  params={"cancel_meeting_reminder": "true", "schedule_for_reminder": "false"}, meetingId=1),
        mock.call("DELETE", "/webinars/{webinarId}",
                  params={"cancel_webinar_reminder": "false", "occurrence_id": "169"}, webinarId=2),
    ]


def test_a_user_delete_sends_only_the_transfers_it_is_given_as_zooms_words():
    client = mock.create_autospec(ZoomClient, instance=True)
    users.delete_user(client, "pending@example.com", action="disassociate")
    users.delete_user(client, "u1", action="delete", transfer_email="to@example.com", transfer_meeting=True,
                      transfer_webinar=False, transfer_recording=False)
    assert client.call.call_args_list == [
        mock.call("DELETE", "/users/{userId}", params={"action": "disassociate"}, userId="pending@example.com"),
        mock.call("DELETE", "/users/{userId}", params={
            "action": "delete", "transfer_email": "to@example.com", "transfer_meeting": "true",
            "transfer_webinar": "false", "transfer_recording": "false"}, userId="u1"),
    ]


def test_an_unknown_kind_is_refused_before_any_call():
    with pytest.raises(ValueError, match="'meeting' or 'webinar'"):
        event_path("recording")  # type: ignore[arg-type]


def test_a_paginated_report_is_not_fetched_as_one_answer():
    from apps.zoom.endpoints import reports

    client = mock.create_autospec(ZoomClient, instance=True)
    with pytest.raises(ValueError, match="paginated"):
        reports.get_report(client, reports.HOSTS, params={"type": "active"})
    assert isinstance(reports.DAILY, Report) and not client.call.called
