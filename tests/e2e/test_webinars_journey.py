"""An admin schedules a webinar with manual approval in Chromium, adds two panelists, sees both at Zoom
(the sandbox), and deletes the webinar."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.webinars.models import Webinar
from apps.zoom.connections import client_for

from .test_users_journey import sign_in_and_sync

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_schedules_a_webinar_adds_two_panelists_and_deletes_it(page: Page, live_server, zoom,
                                                                        console_errors):
    account = sign_in_and_sync(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Webinars").click()
    expect(page.get_by_role("heading", name="Webinars")).to_be_visible()
    page.get_by_role("link", name="Schedule a webinar").click()

    page.get_by_label("Topic").fill("Quarterly launch")
    page.get_by_label("Date", exact=True).fill("2031-04-07")
    page.get_by_label("Time", exact=True).fill("16:00")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Time zone").blur()
    expect(page.get_by_test_id("preview").locator("li")).to_have_count(1)
    page.get_by_label("Registration", exact=True).select_option("manual")
    page.get_by_label("Practice session").check()
    page.get_by_label("Q&A", exact=True).check()
    page.get_by_label("Registrant cap").fill("250")
    page.get_by_label("Reminder email").select_option("2")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Scheduled “Quarterly launch”.")).to_be_visible()
    expect(page.get_by_test_id("settings")).to_contain_text("Manual approval")

    webinar = Webinar.objects.get(account=account, topic="Quarterly launch")
    zoom_api = client_for(account)
    at_zoom = zoom_api.call("GET", "/webinars/{webinarId}", webinarId=webinar.zoom_id)
    s = at_zoom["settings"]
    assert (at_zoom["type"], at_zoom["start_time"], at_zoom["duration"]) == (5, "2031-04-07T15:00:00Z", 90)
    assert (s["approval_type"], s["practice_session"], s["registrants_restrict_number"]) == (1, True, 250)
    assert s["attendees_and_panelists_reminder_email_notification"] == {"enable": True, "type": 2}

    for name, email in (("Ada Lovelace", "ada@example.com"), ("Grace Hopper", "grace@example.com")):
        page.get_by_label("Panelist name").fill(name)
        page.get_by_label("Panelist email").fill(email)
        page.get_by_role("button", name="Add panelist").click()
        expect(page.get_by_text(f"Added {name} ({email}) as a panelist.")).to_be_visible()
    expect(page.get_by_test_id("panelists").locator("tbody tr")).to_have_count(2)
    panelists = zoom_api.call("GET", "/webinars/{webinarId}/panelists", webinarId=webinar.zoom_id)["panelists"]
    assert sorted((p["name"], p["email"]) for p in panelists) == [("Ada Lovelace", "ada@example.com"),
                                                                  ("Grace Hopper", "grace@example.com")]

    page.get_by_role("link", name="All webinars").click()
    expect(page.get_by_role("link", name="Quarterly launch")).to_be_visible()
    page.get_by_role("link", name="Quarterly launch").click()
    page.get_by_role("link", name="Delete…").click()
    page.get_by_role("button", name="Delete at Zoom").click()
    expect(page.get_by_text("Deleted “Quarterly launch”.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/webinars/")
    assert not Webinar.objects.filter(pk=webinar.pk).exists()
    assert console_errors == [], "\n".join(console_errors)
