"""The webinar form checks Zoom's rules locally (the meetings' rules, and the webinar-only settings):
a bad input is a field error and Zoom is never called."""

from __future__ import annotations

import pytest

from apps.webinars.models import Webinar

from .conftest import form_data

# No OAuth, no sandbox: the host is a mirrored row, and ``zoom_seam`` gives Northwind a connection row
# and patches the Zoom client, so a form that let a bad input through would fail the test loudly.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("host")]


def refused_locally(northwind, zoom_seam, field: str, **changes) -> list[str]:
    response = northwind.web().post("/webinars/new/", form_data(northwind.host, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert zoom_seam.untouched  # not a single call reached Zoom
    assert not Webinar.objects.filter(account=northwind.account).exists()
    return errors[field]


def test_an_empty_topic_is_refused(northwind, zoom_seam):
    assert refused_locally(northwind, zoom_seam, "topic", topic="   ") == ["Enter a topic."]


def test_an_agenda_over_2000_characters_is_refused(northwind, zoom_seam):
    assert "at most 2,000" in refused_locally(northwind, zoom_seam, "agenda", agenda="x" * 2001)[0]


@pytest.mark.parametrize("passcode", ["abcdefghijk", "pass word", "ab#1"])
def test_a_passcode_against_zooms_rules_is_refused(northwind, zoom_seam, passcode):
    refused_locally(northwind, zoom_seam, "passcode", passcode=passcode)


def test_61_occurrences_are_refused(northwind, zoom_seam):
    assert refused_locally(northwind, zoom_seam, "end_times", end_times="61") == ["Zoom allows at most 60 occurrences."]


def test_a_series_ending_before_it_starts_is_refused(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "end_date", end_by="date", end_date="2031-03-01")


def test_weekly_without_days_is_refused(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "weekly_days", weekly_days=None)


def test_registration_on_a_webinar_with_no_fixed_time_is_refused(northwind, zoom_seam):
    errors = refused_locally(northwind, zoom_seam, "registration", repeat="nofixed", reminder_email="0",
                             follow_up_attendees="0", follow_up_absentees="0")
    assert errors == ["Zoom has no registration for a webinar with no fixed time."]


def test_a_scheduled_webinar_needs_its_date_and_time(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "start_time", repeat="none", start_time="")


@pytest.mark.parametrize("cap", ["20001", "-1", "lots"])
def test_a_registrant_cap_outside_zooms_range_is_refused(northwind, zoom_seam, cap):
    refused_locally(northwind, zoom_seam, "registrants_restrict_number", registrants_restrict_number=cap)


def test_a_registrant_cap_without_registration_is_refused(northwind, zoom_seam):
    errors = refused_locally(northwind, zoom_seam, "registrants_restrict_number", registration="none")
    assert "needs registration" in errors[0]


def test_anonymous_questions_need_q_and_a(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "anonymous_questions", question_and_answer=None)


@pytest.mark.parametrize("field", ["reminder_email", "follow_up_attendees", "follow_up_absentees"])
def test_reminder_and_follow_up_emails_need_a_fixed_time(northwind, zoom_seam, field):
    changes = {"repeat": "nofixed", "registration": "none", "registrants_restrict_number": "0",
               "reminder_email": "0", "follow_up_attendees": "0", "follow_up_absentees": "0", field: "2"}
    assert "no fixed time" in refused_locally(northwind, zoom_seam, field, **changes)[0]


def test_an_unknown_reminder_choice_is_refused(northwind, zoom_seam):
    refused_locally(northwind, zoom_seam, "reminder_email", reminder_email="9")


def test_the_preview_lists_the_webinars_dates_without_calling_zoom(northwind, zoom_seam):
    response = northwind.web().post("/webinars/preview/", form_data(northwind.host, topic=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and zoom_seam.untouched
    assert len(response.context["preview"]) == 6
    assert b'data-testid="preview"' in response.content and b"<html" not in response.content


def test_the_form_shows_the_webinar_settings_and_no_meeting_only_ones(northwind):
    page = northwind.web().get("/webinars/new/")
    assert page.status_code == 200
    for label in (b"Practice session", b"Q&amp;A", b"Registrant cap", b"Email panelists their invitation",
                  b"Reminder email", b"Follow-up email to attendees", b"Follow-up email to absentees"):
        assert label in page.content, label
    assert b"Waiting room" not in page.content and b"join before the host" not in page.content
