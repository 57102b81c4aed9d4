"""Settings → Audit log: filters, paging, the htmx partial, CSV export, account scoping."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from apps.accounts.models import AuditEvent, ZoomAccount
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

AUDIT_URL = "/settings/audit/"


def event(account: ZoomAccount, day: int, action: str, label: str, result: str = "ok", **fields) -> AuditEvent:
    return AuditEvent.objects.create(
        account=account,
        actor_label=fields.pop("actor_label", "admin@northwind.example"),
        action=action,
        target_label=label,
        result=result,
        created_at=dt.datetime(2025, 3, day, 12, 0, tzinfo=dt.UTC),
        **fields,
    )


@pytest.fixture
def events(account, other_account) -> None:
    event(account, 1, "role.granted", "alice@northwind.example")
    event(account, 2, "role.changed", "bob@northwind.example")
    event(account, 3, "meeting.deleted", "Weekly sync", result="failed", zoom_status=404, zoom_code=3001)
    event(account, 4, "role.granted", "carol@northwind.example", actor_label="rule: auto-approve")
    event(other_account, 2, "role.granted", "secret-contoso-target")


def labels(response) -> list[str]:
    return [e.target_label for e in response.context["page"]]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_it_lists_this_accounts_events_newest_first(events, admin_client):
    response = admin_client.get(AUDIT_URL)
    assert response.status_code == 200
    assert labels(response) == [
        "carol@northwind.example", "Weekly sync", "bob@northwind.example", "alice@northwind.example",
    ]
    assert "secret-contoso-target" not in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"action": "role.granted"}, ["carol@northwind.example", "alice@northwind.example"]),
        ({"result": "failed"}, ["Weekly sync"]),
        ({"q": "BOB"}, ["bob@northwind.example"]),
        ({"q": "auto-approve"}, ["carol@northwind.example"]),
        ({"q": "meeting.del"}, ["Weekly sync"]),
        ({"since": "2025-03-02", "until": "2025-03-03"}, ["Weekly sync", "bob@northwind.example"]),
        ({"since": "2025-03-04"}, ["carol@northwind.example"]),
        ({"until": "2025-03-01"}, ["alice@northwind.example"]),
        ({"action": "role.granted", "since": "2025-03-02"}, ["carol@northwind.example"]),
    ],
)
def test_it_filters_by_action_result_text_and_dates(events, admin_client, query, expected):
    assert labels(admin_client.get(AUDIT_URL, query)) == expected


def test_filters_never_reach_another_accounts_events(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"q": "secret-contoso"})
    assert labels(response) == []
    assert "secret-contoso-target" not in response.content.decode()


def test_a_date_range_ending_before_it_starts_is_a_field_error_with_no_rows(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"since": "2025-03-04", "until": "2025-03-01"})
    assert response.status_code == 200
    assert "until" in response.context["form"].errors
    assert "The end date is before the start date." in response.content.decode()
    assert labels(response) == []


def test_an_htmx_request_with_an_invalid_range_shows_the_error_in_the_partial(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"since": "2025-03-04", "until": "2025-03-01"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "The end date is before the start date." in html
    assert labels(response) == []


def test_an_invalid_date_is_a_field_error(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"since": "yesterday"})
    assert "since" in response.context["form"].errors
    assert labels(response) == []


def test_it_pages_fifty_events_at_a_time_and_keeps_the_filters_in_the_links(account, admin_client):
    for i in range(120):
        AuditEvent.objects.create(account=account, actor_label="system", action="sync.ran", target_label=f"run {i}")
    first = admin_client.get(AUDIT_URL, {"action": "sync.ran"})
    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.num_pages == 3
    assert "action=sync.ran&amp;page=2" in first.content.decode()
    last = admin_client.get(AUDIT_URL, {"action": "sync.ran", "page": 3})
    assert len(last.context["page"]) == 20
    seen = set()
    for page in (1, 2, 3):
        seen |= set(labels(admin_client.get(AUDIT_URL, {"action": "sync.ran", "page": page})))
    assert len(seen) == 120


def test_an_out_of_range_page_shows_the_last_page(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"page": 99})
    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_an_htmx_request_gets_only_the_results_partial(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"action": "role.changed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert html.lstrip().startswith('<div id="results">')
    assert "bob@northwind.example" in html and "alice@northwind.example" not in html
    assert "HX-Request" in response["Vary"]


def test_the_full_page_also_varies_on_hx_request(events, admin_client):
    response = admin_client.get(AUDIT_URL)
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_csv_export_has_a_header_and_the_filtered_rows_of_this_account_only(events, admin_client):
    response = admin_client.get(AUDIT_URL, {"action": "role.granted", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = csv_rows(response)
    header = rows[0]
    assert header[:3] == ["created_at", "actor", "action"]
    targets = [dict(zip(header, row, strict=True))["target"] for row in rows[1:]]
    assert targets == ["carol@northwind.example", "alice@northwind.example"]


def test_csv_export_of_everything_never_includes_another_account(events, admin_client):
    rows = csv_rows(admin_client.get(AUDIT_URL, {"export": "csv"}))
    assert len(rows) == 1 + 4
    assert "secret-contoso-target" not in str(rows)
    failed = next(r for r in rows if "Weekly sync" in r)
    assert "404" in failed and "3001" in failed


def test_csv_export_with_an_invalid_range_has_only_the_header(events, admin_client):
    rows = csv_rows(admin_client.get(AUDIT_URL, {"since": "2025-03-04", "until": "2025-03-01", "export": "csv"}))
    assert len(rows) == 1


def test_the_other_accounts_admin_sees_only_their_own_events(events, outsider):
    response = client_for(outsider).get(AUDIT_URL)
    assert labels(response) == ["secret-contoso-target"]


@pytest.mark.parametrize("persona", ["viewer", "approver"])
def test_only_admins_may_read_the_audit_log(events, persona, request):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(AUDIT_URL).status_code == 403
    assert client.get(AUDIT_URL, {"export": "csv"}).status_code == 403


def test_csv_export_defuses_text_a_spreadsheet_would_run_as_a_formula(account, admin_client):
    event(account, 5, "registrant.approved", '=HYPERLINK("https://evil.example","click")', message="@SUM(1+1)")
    rows = csv_rows(admin_client.get(AUDIT_URL, {"export": "csv"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["target"] == '\'=HYPERLINK("https://evil.example","click")'
    assert row["message"] == "'@SUM(1+1)"
    assert row["action"] == "registrant.approved"
