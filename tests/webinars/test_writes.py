"""Webinar writes go to Zoom (the sandbox) first, the mirror follows Zoom's answer, and each is audited;
panelists are added and removed at Zoom and re-read into the mirror."""

from __future__ import annotations

from unittest import mock

import pytest

from apps.accounts.models import AuditEvent
from apps.webinars.models import Panelist, Webinar
from apps.zoom.client import ZoomClient
from apps.zoom.errors import ZoomRefused
from tests import factories

from .conftest import form_data, schedule

pytestmark = pytest.mark.django_db


def panelists_at_zoom(northwind, webinar) -> dict[str, str]:
    data = northwind.zoom.call("GET", "/webinars/{webinarId}/panelists", webinarId=webinar.zoom_id)
    return {p["email"]: p["name"] for p in data["panelists"]}


def add(northwind, webinar, name: str, email: str, person=None):
    return northwind.web(person).post(f"/webinars/{webinar.zoom_id}/panelists/", {"name": name, "email": email})


@pytest.mark.usefixtures("synced_northwind")
def test_scheduling_creates_the_webinar_at_zoom_with_its_webinar_settings(northwind):
    webinar = schedule(northwind)
    at_zoom = northwind.zoom.call("GET", "/webinars/{webinarId}", webinarId=webinar.zoom_id)
    s = at_zoom["settings"]
    assert at_zoom["type"] == 9 and at_zoom["recurrence"]["weekly_days"] == "2,4"
    assert (s["approval_type"], s["practice_session"], s["registrants_restrict_number"]) == (1, True, 500)
    assert s["question_and_answer"] == {"enable": True, "allow_anonymous_questions": True}
    assert s["attendees_and_panelists_reminder_email_notification"] == {"enable": True, "type": 3}
    assert s["follow_up_attendees_email_notification"] == {"enable": True, "type": 1}
    assert s["follow_up_absentees_email_notification"] == {"enable": True, "type": 2}
    assert s["panelists_invitation_email_notification"] is True
    assert webinar.type == 9 and webinar.detailed and webinar.occurrences.count() == 6
    event = AuditEvent.objects.get(action="webinar.created")
    assert (event.result, event.target_type, event.target_id) == ("ok", "webinar", str(webinar.zoom_id))
    assert "abc123" not in str(event.detail)


@pytest.mark.usefixtures("synced_northwind")
def test_the_webinar_page_shows_its_settings_from_the_mirror(northwind, zoom):
    webinar = schedule(northwind)
    before = zoom.calls()
    page = northwind.web(northwind.viewer).get(f"/webinars/{webinar.zoom_id}/")
    assert page.status_code == 200 and zoom.calls() == before
    rows = dict(page.context["settings_rows"])
    assert rows["Registration"] == "Manual approval" and rows["Registrant cap"] == "500"
    assert rows["Practice session"] == "Yes" and rows["Q&A"] == "Yes"
    assert rows["Reminder email"] == "1 hour and 1 day before"


@pytest.mark.usefixtures("synced_northwind")
def test_editing_keeps_the_webinar_settings_and_updates_zoom(northwind):
    webinar = schedule(northwind)
    initial = northwind.web().get(f"/webinars/{webinar.zoom_id}/edit/").context["form"].initial
    assert (initial["registrants_restrict_number"], initial["reminder_email"], initial["practice_session"]) == (
        500, "3", True)
    response = northwind.web().post(f"/webinars/{webinar.zoom_id}/edit/",
                                    form_data(northwind.host, topic="Renamed launch", practice_session=None,
                                              registrants_restrict_number="50", passcode=""))
    assert response.status_code == 302
    at_zoom = northwind.zoom.call("GET", "/webinars/{webinarId}", webinarId=webinar.zoom_id)
    assert at_zoom["topic"] == "Renamed launch"
    assert (at_zoom["settings"]["practice_session"], at_zoom["settings"]["registrants_restrict_number"]) == (False, 50)
    webinar.refresh_from_db()
    assert webinar.topic == "Renamed launch" and webinar.settings["registrants_restrict_number"] == 50


@pytest.mark.usefixtures("synced_northwind")
def test_deleting_an_occurrence_then_the_whole_webinar(northwind):
    webinar = schedule(northwind)
    victim = webinar.occurrences.first()
    response = northwind.web().post(f"/webinars/{webinar.zoom_id}/delete/", {"occurrence_id": victim.occurrence_id})
    assert response.status_code == 302 and response["Location"] == f"/webinars/{webinar.zoom_id}/"
    assert webinar.occurrences.count() == 5
    response = northwind.web().post(f"/webinars/{webinar.zoom_id}/delete/", {"occurrence_id": "", "notify": "on"})
    assert response.status_code == 302 and response["Location"] == "/webinars/"
    assert not Webinar.objects.filter(pk=webinar.pk).exists()
    with pytest.raises(ZoomRefused):
        northwind.zoom.call("GET", "/webinars/{webinarId}", webinarId=webinar.zoom_id)
    details = [e.detail for e in AuditEvent.objects.filter(action="webinar.deleted").order_by("pk")]
    assert details[0]["occurrence_id"] == victim.occurrence_id and details[1]["notify_registrants"] is True


def test_the_delete_form_offers_no_host_notice_zoom_lacks_for_webinars(northwind, host):
    webinar = factories.webinar(northwind.account, host)  # a one-off webinar, no occurrences
    form = northwind.web().get(f"/webinars/{webinar.zoom_id}/delete/").context["form"]
    assert "notify_host" not in form.fields
    assert form.fields["occurrence_id"].choices == [("", "The webinar")]


@pytest.mark.usefixtures("synced_northwind")
def test_panelists_are_added_and_removed_at_zoom_and_in_the_mirror(northwind):
    webinar = schedule(northwind)
    assert add(northwind, webinar, "Ada Lovelace", "ada@example.com").status_code == 302
    assert add(northwind, webinar, "Grace Hopper", "Grace@Example.com").status_code == 302
    assert panelists_at_zoom(northwind, webinar) == {"ada@example.com": "Ada Lovelace",
                                                     "grace@example.com": "Grace Hopper"}
    mirrored = {p.email: p for p in Panelist.objects.filter(webinar=webinar)}
    assert set(mirrored) == {"ada@example.com", "grace@example.com"}
    page = northwind.web().get(f"/webinars/{webinar.zoom_id}/")
    assert b"Ada Lovelace" in page.content and b"Grace Hopper" in page.content

    ada = mirrored["ada@example.com"]
    response = northwind.web().post(f"/webinars/{webinar.zoom_id}/panelists/{ada.zoom_id}/remove/")
    assert response.status_code == 302
    assert panelists_at_zoom(northwind, webinar) == {"grace@example.com": "Grace Hopper"}
    assert list(Panelist.objects.filter(webinar=webinar).values_list("email", flat=True)) == ["grace@example.com"]
    actions = list(AuditEvent.objects.filter(target_type="panelist").order_by("pk").values_list("action", "result"))
    assert actions == [("panelist.added", "ok"), ("panelist.added", "ok"), ("panelist.removed", "ok")]


def test_a_panelist_already_listed_is_refused_locally(northwind, host, zoom_seam):
    webinar = factories.webinar(northwind.account, host)
    factories.panelist(webinar, name="Ada Lovelace", email="ada@example.com")
    response = add(northwind, webinar, "Ada again", "ADA@example.com")
    assert response.status_code == 200 and zoom_seam.untouched
    assert "already a panelist" in response.context["panelist_form"].errors["email"][0]


@pytest.mark.usefixtures("synced_northwind")
def test_zooms_panelist_limit_is_a_clear_message(northwind):
    webinar = schedule(northwind)
    northwind.zoom.call("POST", "/webinars/{webinarId}/panelists", webinarId=webinar.zoom_id,
                        json={"panelists": [{"name": f"P{i}", "email": f"p{i}@example.com"} for i in range(100)]})
    response = add(northwind, webinar, "One too many", "extra@example.com")
    assert response.status_code == 200
    errors = response.context["panelist_form"].non_field_errors()
    assert len(errors) == 1 and "already has as many panelists as Zoom allows" in errors[0]
    assert b"already has as many panelists as Zoom allows" in response.content
    assert "extra@example.com" not in panelists_at_zoom(northwind, webinar)
    event = AuditEvent.objects.get(action="panelist.added")
    assert (event.result, event.zoom_code) == ("failed", 3000)


def test_zoom_refusing_a_panelist_email_lands_on_the_email_field(northwind, host):
    factories.connection(northwind.account)  # Zoom's answer is the patched client's: no OAuth needed
    webinar = factories.webinar(northwind.account, host)
    refusal = ZoomRefused("Invalid field: panelists[0].email.", status=400, code=300)
    with mock.patch.object(ZoomClient, "call", autospec=True, side_effect=refusal):
        response = add(northwind, webinar, "Ada", "ada@example.com")
    assert response.context["panelist_form"].errors["email"] == ["Zoom refused: Invalid field: panelists[0].email."]
    assert not Panelist.objects.exists()


def test_a_zoom_refusal_is_shown_on_its_field_and_nothing_is_written(northwind, host):
    factories.connection(northwind.account)
    refusal = ZoomRefused("Invalid field: settings.registrants_restrict_number.", status=400, code=300)
    with mock.patch.object(ZoomClient, "call", autospec=True, side_effect=refusal):
        response = northwind.web().post("/webinars/new/", form_data(northwind.host))
    assert response.status_code == 200
    assert response.context["form"].errors["registrants_restrict_number"] == [
        "Zoom refused: Invalid field: settings.registrants_restrict_number."]
    assert not Webinar.objects.exists()
    event = AuditEvent.objects.get(action="webinar.created")
    assert (event.result, event.zoom_status, event.zoom_code) == ("failed", 400, 300)


@pytest.mark.usefixtures("synced_northwind")
def test_the_start_link_is_fetched_for_admins_only(northwind):
    webinar = schedule(northwind, registration="none", registrants_restrict_number="0")
    response = northwind.web().post(f"/webinars/{webinar.zoom_id}/start-link/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "zak=" in response.context["start_url"]
    assert northwind.web(northwind.viewer).post(f"/webinars/{webinar.zoom_id}/start-link/").status_code == 403


@pytest.mark.usefixtures("synced_northwind")
def test_the_list_shows_webinars_from_the_mirror(northwind, zoom):
    schedule(northwind)
    before = zoom.calls()
    page = northwind.web(northwind.viewer).get("/webinars/?q=launch")
    assert page.status_code == 200 and zoom.calls() == before
    assert [r["event"].topic for r in page.context["rows"]] == ["Product launch"]
    assert page.context["rows"][0]["registration"] == "Manual approval"
    assert b"Schedule a webinar" not in page.content  # viewers read only
    assert northwind.web(northwind.viewer).get("/webinars/?q=nothing").context["rows"] == []


def test_a_viewer_sees_the_panelists_but_no_forms(northwind, host):
    webinar = factories.webinar(northwind.account, host)
    factories.panelist(webinar, name="Ada Lovelace", email="ada@example.com")
    page = northwind.web(northwind.viewer).get(f"/webinars/{webinar.zoom_id}/")
    assert b"Ada Lovelace" in page.content
    assert b'data-testid="panelist-form"' not in page.content and b"Remove" not in page.content


@pytest.mark.parametrize("url", ["/webinars/new/", "/webinars/{id}/edit/", "/webinars/{id}/delete/",
                                 "/webinars/{id}/panelists/", "/webinars/{id}/panelists/{panelist}/remove/"])
def test_a_viewer_cannot_write(northwind, host, zoom_seam, url):
    webinar = factories.webinar(northwind.account, host)
    panelist = factories.panelist(webinar, name="Ada Lovelace", email="ada@example.com")
    response = northwind.web(northwind.viewer).post(url.format(id=webinar.zoom_id, panelist=panelist.zoom_id),
                                                    {**form_data(northwind.host), "name": "X",
                                                     "email": "x@example.com"})
    assert response.status_code == 403 and zoom_seam.untouched
    assert list(Panelist.objects.filter(webinar=webinar).values_list("email", flat=True)) == ["ada@example.com"]
    assert Webinar.objects.get(pk=webinar.pk).topic == webinar.topic
