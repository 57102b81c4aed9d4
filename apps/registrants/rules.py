"""Auto-decision rules: which rule decides a pending registrant, the dry run, and
applying rules to new registrants (called by the sync and by webhook processing).

Block beats allow: a registrant matched by any enabled block rule is denied, even
when an allow or answer rule matches too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .decide import decide
from .models import Registrant, Rule


def _event_of(r: Registrant) -> tuple[str, int | None]:
    if r.meeting_id:
        return "meeting", r.meeting.zoom_id
    return "webinar", r.webinar.zoom_id


def applies_to_event(rule: Rule, r: Registrant) -> bool:
    if not rule.event_kind:
        return True
    return _event_of(r) == (rule.event_kind, rule.event_zoom_id)


def matches(rule: Rule, r: Registrant) -> bool:
    if not applies_to_event(rule, r):
        return False
    if rule.kind in (Rule.Kind.ALLOW_DOMAINS, Rule.Kind.BLOCK_DOMAINS):
        return r.email.rpartition("@")[2].lower() in rule.domain_list
    title, wanted = rule.question_title.strip().lower(), rule.answer_value.strip().lower()
    for q in r.custom_questions or []:
        if not isinstance(q, dict) or str(q.get("title", "")).strip().lower() != title:
            continue
        value = str(q.get("value", "")).strip().lower()
        if (value == wanted) if rule.match == Rule.Match.EXACT else (wanted in value):
            return True
    return False


def verdict(rules: Sequence[Rule], r: Registrant) -> tuple[str, Rule] | None:
    """(action, deciding rule) for one registrant, or None when no rule matches."""
    allow = None
    for rule in rules:
        if matches(rule, r):
            if rule.action == "deny":
                return "deny", rule
            allow = allow or rule
    return ("approve", allow) if allow else None


def pending(account, rule: Rule | None = None):
    qs = Registrant.objects.filter(account=account, status=Registrant.Status.PENDING).select_related(
        "meeting", "webinar")
    if rule is not None and rule.event_kind:
        qs = qs.filter(**{f"{rule.event_kind}__zoom_id": rule.event_zoom_id})
    return qs


def dry_run(account, rule: Rule, limit: int = 50) -> dict[str, Any]:
    """What ``rule`` (saved or not) would do to the registrants pending now, alone and
    next to the other enabled rules (a block rule elsewhere wins over it)."""
    others = [r for r in Rule.objects.filter(account=account, enabled=True) if r.pk != rule.pk]
    hits, overridden = [], 0
    for registrant in pending(account, rule).iterator(chunk_size=2000):
        if not matches(rule, registrant):
            continue
        final = verdict([rule, *others], registrant)
        if final and final[0] != rule.action:
            overridden += 1
        hits.append(registrant)
    return {"action": rule.action, "count": len(hits), "sample": hits[:limit], "overridden": overridden}


def apply_rules(account, registrant_ids: Iterable[int]) -> dict[str, Any]:
    """Decide the given registrants that are pending by the account's enabled rules.

    Returns {"approved": n, "denied": n, "failed": n, "by_rule": {name: n}}.
    """
    summary: dict[str, Any] = {"approved": 0, "denied": 0, "failed": 0, "by_rule": {}}
    rules = list(Rule.objects.filter(account=account, enabled=True))
    ids = list(registrant_ids)
    if not rules or not ids:
        return summary
    decisions: dict[tuple[str, int], list[int]] = defaultdict(list)
    names: dict[int, Rule] = {}
    for registrant in Registrant.objects.filter(pk__in=ids, account=account, status=Registrant.Status.PENDING
                                                ).select_related("meeting", "webinar"):
        found = verdict(rules, registrant)
        if found:
            action, rule = found
            decisions[(action, rule.pk)].append(registrant.pk)
            names[rule.pk] = rule
    for (action, rule_pk), chosen in decisions.items():
        rule = names[rule_pk]
        result = decide(account, chosen, action, actor_label=f"rule: {rule.name}")
        summary["approved" if action == "approve" else "denied"] += result["decided"]
        summary["failed"] += result["failed_count"]
        summary["by_rule"][rule.name] = summary["by_rule"].get(rule.name, 0) + result["decided"]
    return summary
