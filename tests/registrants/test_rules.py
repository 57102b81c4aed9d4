"""Auto-decision rules: allow, block, answers, block beats allow, dry run, audit."""

from __future__ import annotations

import pytest

from apps.accounts.models import AuditEvent
from apps.registrants.models import Registrant, Rule
from apps.registrants.rules import apply_rules, dry_run
from apps.registrants.sync import write_pending_and_apply_rules
from tests.conftest import client_for
from tests.registrants.conftest import register, sync_registrants, zoom_statuses

pytestmark = pytest.mark.django_db


def test_new_pending_registrants_are_decided_by_the_rules_when_the_sync_sees_them(northwind, events, zoom):
    Rule.objects.create(account=northwind.account, name="Partners", kind="allow_domains", domains="partner.example")
    Rule.objects.create(account=northwind.account, name="No fans", kind="block_domains", domains="fans.example")
    first, second = events
    register(northwind.zoom, first, ["late@partner.example"])
    register(northwind.zoom, second, ["late@fans.example", "late@other.example"])
    for event in (first, second):
        sync_registrants(event)
    # Only the newcomers: the 36 already mirrored stay pending.
    assert Registrant.objects.get(email="late@partner.example").status == "approved"
    assert Registrant.objects.get(email="late@fans.example").status == "denied"
    assert Registrant.objects.get(email="late@other.example").status == "pending"
    assert Registrant.objects.filter(status="pending").count() == 37
    assert "late@partner.example" in zoom_statuses(northwind.zoom, first, "approved")
    audit = AuditEvent.objects.get(action="registrant.approve", target_label__startswith="late@partner")
    assert audit.actor_label == "rule: Partners" and audit.result == "ok" and audit.actor is None
    assert AuditEvent.objects.get(action="registrant.deny").actor_label == "rule: No fans"


def test_a_block_rule_beats_an_allow_rule_and_answers_can_approve(northwind, events):
    account = northwind.account
    Rule.objects.create(account=account, name="Allow partner", kind="allow_domains", domains="partner.example")
    Rule.objects.create(account=account, name="Block partner", kind="block_domains", domains="partner.example")
    Rule.objects.create(account=account, name="VIPs", kind="answer_matches", question_title="Ticket",
                        answer_value="vip", match="contains")
    first, second = events
    register(northwind.zoom, second, ["vip@other.example"], answers=[{"title": "ticket", "value": "Gold VIP pass"}])
    sync_registrants(second)
    assert Registrant.objects.get(email="vip@other.example").status == "approved"
    ids = list(Registrant.objects.filter(meeting=first).values_list("pk", flat=True)[:3])
    summary = apply_rules(northwind.account, ids)
    assert summary["denied"] == 3 and summary["approved"] == 0
    assert set(Registrant.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"denied"}


def test_a_rule_applies_to_a_registrant_delivered_by_a_webhook(northwind, events):
    """The webhook path writes the registrant it was given and calls the same function."""
    Rule.objects.create(account=northwind.account, name="Partners", kind="allow_domains", domains="partner.example",
                        event_kind="meeting", event_zoom_id=events[0].zoom_id)
    first = events[0]
    register(northwind.zoom, first, ["hook@partner.example"])
    payload = next(r for r in northwind.zoom.paginate("/meetings/{meetingId}/registrants", "registrants",
                                                     params={"status": "pending"}, meetingId=first.zoom_id)
                   if r["email"] == "hook@partner.example")
    from django.utils import timezone

    write_pending_and_apply_rules("meeting", first, [payload], timezone.now())
    assert Registrant.objects.get(email="hook@partner.example").status == "approved"


def test_the_dry_run_shows_what_a_rule_would_do_and_changes_nothing(northwind, events):
    client = northwind.web()
    rule = Rule(account=northwind.account, name="Fans", kind="block_domains", domains="fans.example")
    assert dry_run(northwind.account, rule)["count"] == 5
    response = client.post("/registrants/rules/new/", {"name": "Fans", "kind": "block_domains",
                                                      "domains": "fans.example", "match": "exact", "enabled": "on",
                                                      "dry_run": "1"})
    assert response.status_code == 200
    assert b"would <strong>deny</strong> 5 registrants" in response.content
    assert not Rule.objects.exists()
    assert Registrant.objects.filter(status="pending").count() == 36
    response = client.post("/registrants/rules/new/", {"name": "Fans", "kind": "block_domains",
                                                      "domains": "fans.example", "match": "exact", "enabled": "on"})
    assert response.status_code == 302 and Rule.objects.get().domain_list == {"fans.example"}


def test_a_rule_form_with_bad_values_is_shown_again_with_errors(account, admin):
    response = client_for(admin).post("/registrants/rules/new/", {"name": "x", "kind": "allow_domains",
                                                                 "domains": "not a domain!", "match": "exact"})
    assert response.status_code == 200 and b"Not a domain" in response.content
    assert not Rule.objects.exists()


def test_an_outsider_cannot_open_another_accounts_rule(account, outsider):
    rule = Rule.objects.create(account=account, name="r", kind="allow_domains", domains="a.example")
    client = client_for(outsider)
    assert client.get(f"/registrants/rules/{rule.pk}/").status_code == 404
    assert client.post(f"/registrants/rules/{rule.pk}/delete/").status_code == 404
    assert Rule.objects.exists()
