"""Each of Zoom's rules is checked in the form: a bad input is a field error and Zoom is never called."""

from __future__ import annotations

import pytest

from apps.meetings.models import Meeting
from apps.users.models import ZoomUser
from tests import factories

from .conftest import form_data

# No OAuth, no sandbox: the host is a mirrored row, and ``zoom_seam`` gives Northwind a connection row
# and patches the Zoom client, so a form that let a bad input through would fail the test loudly.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("host")]


def refused_locally(northwind, zoom_seam, field: str, **changes) -> list[str]:
    response = northwind.web().post("/meetings/new/", form_data(northwind.host, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert zoom_seam.untouched  # not a single call reached Zoom
    assert not Meeting.objects.filter(account=northwind.account).exists()
    return errors[field]


def test_an_empty_topic_is_refused(northwind, zoom_seam):
    assert refused_locally(northwind, zoom_seam, "topic", topic="   ") == ["Enter a topic."]


def test_an_agenda_over_2000_characters_is_refused(northwind, zoom_seam):
    assert "at most 2,000" in refused_locally(northwind, zoom_seam, "agenda", agenda="x" * 2001)[0]


@pytest.mark.parametrize("passcode", ["abcdefghijk", "pass word", "ab#1", "émile"])
def test_a_passcode_against_zooms_rules_is_refused(northwind, zoom_seam, passcode):
    refused_locally(northwind, zoom_seam, "passcode", passcode=passcode)


def test_a_series_ending_before_it_starts_is_refused(northwind, zoom_seam):
    errors = refused_locally(northwind, zoom_seam, "end_date", end_by="date", end_date="2031-03-01")
    assert errors == ["The series cannot end before it starts."]


def test_61_occurrences_are_refused(northwind, zoom_seam):
    assert refused_locally(northwind, zoom_seam, "end_times", end_times="61") == ["Zoom allows at most 60 occurrences."]


def test_monthly_with_neither_day_nor_week_is_refused(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "monthly_day", repeat="monthly", monthly_by="day", monthly_day="")


def test_monthly_by_week_needs_the_week_and_the_weekday(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "monthly_week", repeat="monthly", monthly_by="week", monthly_week="2")


def test_weekly_without_days_is_refused(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "weekly_days", weekly_days=None)


@pytest.mark.parametrize("repeat,interval", [("daily", "100"), ("weekly", "51"), ("monthly", "11")])
def test_a_repeat_interval_beyond_zooms_limit_is_refused(northwind, zoom_seam, repeat, interval):
    errors = refused_locally(northwind, zoom_seam, "repeat_interval", repeat=repeat, repeat_interval=interval,
                             monthly_day="3")
    assert errors[0].startswith("Zoom repeats at most every")


def test_registration_on_a_meeting_with_no_fixed_time_is_refused(northwind, zoom_seam):
    errors = refused_locally(northwind, zoom_seam, "registration", repeat="nofixed", start_date="", start_time="")
    assert "no fixed time" in errors[0]


def test_registration_with_a_basic_host_is_refused(northwind, zoom_seam):
    basic = factories.zoom_user(northwind.account, type=ZoomUser.Type.BASIC)
    response = northwind.web().post("/meetings/new/", form_data(basic))
    assert "registration" in response.context["form"].errors and zoom_seam.untouched


@pytest.mark.parametrize("value,words", [("not-an-email", "is not an email"),
                                         ("stranger@elsewhere.example", "not a user of this Zoom account")])
def test_alternative_hosts_must_be_users_of_the_account(northwind, zoom_seam, value, words):
    assert words in refused_locally(northwind, zoom_seam, "alternative_hosts", alternative_hosts=value)[0]


def test_a_scheduled_meeting_needs_its_date_and_time(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "start_date", repeat="none", start_date="")


def test_the_preview_lists_the_dates_without_calling_zoom(northwind, zoom_seam):
    response = northwind.web().post("/meetings/preview/", form_data(northwind.host, topic=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and zoom_seam.untouched
    dates = [d.strftime("%a %d %b %H:%M") for d in response.context["preview"]]
    # Zoom's weekday 2 is Monday, 4 Wednesday (1 = Sunday).
    assert dates == ["Mon 03 Mar 09:30", "Wed 05 Mar 09:30", "Mon 10 Mar 09:30", "Wed 12 Mar 09:30",
                     "Mon 17 Mar 09:30", "Wed 19 Mar 09:30"]
    assert b'id="preview"' in response.content and b"<html" not in response.content


def test_the_preview_keeps_the_local_time_across_daylight_saving(northwind):
    data = form_data(northwind.host, start_date="2031-03-20", end_times="3", weekly_days=["5"])
    response = northwind.web().post("/meetings/preview/", data)
    offsets = [d.utcoffset().total_seconds() / 3600 for d in response.context["preview"]]
    assert [d.strftime("%H:%M") for d in response.context["preview"]] == ["09:30"] * 3
    assert offsets == [1, 1, 2]  # Paris moves to summer time on 30 March 2031
