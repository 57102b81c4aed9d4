"""An admin schedules a weekly meeting with manual approval in Chromium, edits one occurrence, deletes it all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from apps.meetings.models import Meeting
from apps.zoom.connections import client_for

from .test_users_journey import sign_in_and_sync

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_schedules_edits_and_deletes_a_weekly_meeting(page: Page, live_server, zoom, console_errors):
    account = sign_in_and_sync(page, live_server)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("heading", name="Meetings")).to_be_visible()
    page.get_by_role("link", name="Schedule a meeting").click()

    page.get_by_label("Topic").fill("Design review")
    page.get_by_label("Date", exact=True).fill("2031-03-03")
    page.get_by_label("Time", exact=True).fill("09:30")
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Repeats").select_option("weekly")
    page.get_by_label("Monday").check()
    page.get_by_label("Wednesday").check()
    page.get_by_label("Occurrences", exact=True).fill("4")
    page.get_by_label("Occurrences", exact=True).blur()
    preview = page.get_by_test_id("preview")
    expect(preview.locator("li")).to_have_count(4)  # computed by the preview endpoint on change
    expect(preview).to_contain_text("Wed 5 Mar 2031, 09:30")
    page.get_by_label("Registration", exact=True).select_option("manual")
    page.get_by_label("Waiting room").check()
    page.get_by_label("Mute participants on entry").check()
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Scheduled “Design review”.")).to_be_visible()
    expect(page.get_by_test_id("occurrences").locator("tbody tr")).to_have_count(4)

    meeting = Meeting.objects.get(account=account, topic="Design review")
    at_zoom = client_for(account).call("GET", "/meetings/{meetingId}", meetingId=meeting.zoom_id)
    assert at_zoom["recurrence"] == {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 4}
    assert at_zoom["settings"]["approval_type"] == 1
    assert (at_zoom["settings"]["waiting_room"], at_zoom["settings"]["mute_upon_entry"]) == (True, True)
    assert (at_zoom["timezone"], at_zoom["duration"], at_zoom["start_time"]) == ("Europe/Paris", 45,
                                                                                "2031-03-03T08:30:00Z")

    page.get_by_role("link", name="All meetings").click()
    expect(page.get_by_role("link", name="Design review")).to_be_visible()
    page.get_by_label("Search topic").fill("nothing like it")
    expect(page).to_have_url(re.compile(r"q=nothing"))
    expect(page.get_by_role("link", name="Design review")).to_have_count(0)
    expect(page.get_by_test_id("match-count")).to_contain_text("0 meetings match.")  # loaded after the table
    page.go_back()
    expect(page.get_by_role("link", name="Design review")).to_be_visible()
    expect(page.get_by_test_id("match-count")).to_contain_text(" match.")
    page.get_by_role("link", name="Design review").click()

    second = meeting.occurrences.all()[1]
    page.locator(f'tr[data-occurrence="{second.occurrence_id}"]').get_by_role("link",
                                                                              name="Edit this occurrence").click()
    page.get_by_label("Time", exact=True).fill("11:00")
    page.get_by_role("button", name="Save this occurrence").click()
    expect(page.get_by_text("Saved the occurrence")).to_be_visible()
    one = client_for(account).call("GET", "/meetings/{meetingId}", params={"occurrence_id": second.occurrence_id},
                                   meetingId=meeting.zoom_id)
    assert one["start_time"] == "2031-03-05T10:00:00Z"

    page.get_by_role("link", name="Delete…").click()
    page.get_by_label("Delete", exact=True).select_option("")
    page.get_by_role("button", name="Delete at Zoom").click()
    expect(page.get_by_text("Deleted “Design review”.")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/meetings/")
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert console_errors == [], "\n".join(console_errors)
