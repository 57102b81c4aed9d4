"""The meetings' mirrored host, and a valid webinar."""

from __future__ import annotations

from apps.users.models import ZoomUser
from apps.webinars.models import Webinar
from tests.conftest import Northwind
from tests.meetings import conftest as meetings
from tests.meetings.conftest import changed
from tests.meetings.conftest import form_data as meeting_form_data

host = meetings.host  # the meetings' fixture, reused


def form_data(host: ZoomUser, **changes) -> dict:
    """A valid weekly webinar with manual approval; ``changes`` override fields (None removes one)."""
    data = meeting_form_data(host, topic="Product launch", waiting_room=None)
    data.update({"practice_session": "on", "question_and_answer": "on", "anonymous_questions": "on",
                 "registrants_restrict_number": "500", "panelists_invitation_email_notification": "on",
                 "reminder_email": "3", "follow_up_attendees": "1", "follow_up_absentees": "2"})
    return changed(data, changes)


def schedule(northwind: Northwind, **changes) -> Webinar:
    response = northwind.web().post("/webinars/new/", form_data(northwind.host, **changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    webinar = Webinar.objects.get(account=northwind.account)
    assert response["Location"] == f"/webinars/{webinar.zoom_id}/"
    return webinar
