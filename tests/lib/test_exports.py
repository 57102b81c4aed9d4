"""CSV exports: free text that a spreadsheet would run as a formula is quoted, and
identifiers are exported exactly, so they still match Zoom's after a round trip."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from apps.accounts.models import AuditEvent
from apps.lib.exports import Column, guard, lines
from apps.users.models import ZoomUser

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_a_formula_is_quoted(text):
    assert guard(text) == "'" + text


def test_other_text_and_empty_cells_are_left_alone():
    assert (guard("Weekly planning"), guard(""), guard(None)) == ("Weekly planning", "", "")


def test_an_exact_column_keeps_a_leading_minus_and_a_text_column_does_not():
    columns = [Column("id", lambda r: r["id"], exact=True), Column("name", lambda r: r["name"])]
    body = "".join(lines(columns, [{"id": "-Ab3x", "name": "-Ab3x"}]))
    assert list(csv.reader(io.StringIO(body))) == [["id", "name"], ["-Ab3x", "'-Ab3x"]]


def test_the_users_export_keeps_a_zoom_id_that_starts_with_a_minus(account, admin_client):
    ZoomUser.objects.create(account=account, zoom_id="-Zx9_k2LQ", email="dash@northwind.example",
                            first_name="=HYPERLINK(\"https://evil.example\")", status="active", group_ids=["-g1"],
                            synced_at=timezone.now())
    response = admin_client.get("/users/export/")
    assert response.status_code == 200
    [row] = rows_of(response)
    assert row["zoom_id"] == "-Zx9_k2LQ"
    assert row["group_ids"] == "-g1"
    assert row["first_name"] == "'=HYPERLINK(\"https://evil.example\")"


def test_the_audit_log_export_keeps_target_ids_exact_and_guards_labels(account, admin_client):
    AuditEvent.objects.create(account=account, actor_label="system", action="user.updated", target_type="zoom_user",
                              target_id="-Zx9_k2LQ", target_label="-1 + cmd", message="@SUM(1)")
    [row] = rows_of(admin_client.get("/settings/audit/", {"export": "csv"}))
    assert (row["target_id"], row["target"], row["message"]) == ("-Zx9_k2LQ", "'-1 + cmd", "'@SUM(1)")
