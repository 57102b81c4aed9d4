"""Sample route parameters of the registrants pages, for the access matrix."""

from __future__ import annotations

from apps.jobs.models import Job
from apps.registrants.models import Rule


def samples(account) -> dict[tuple[str, str], tuple[object, bool]]:
    decision = Job.objects.create(account=account, kind="registrants.decide", key="sample", status="succeeded",
                                  params={"action": "approve", "ids": []})
    imported = Job.objects.create(account=account, kind="registrants.import", key="sample", status="succeeded",
                                  params={"event": "meeting:1", "auto_approve": False, "rows": []})
    rule = Rule.objects.create(account=account, name="sample", kind="allow_domains", domains="example.com")
    return {("decisions", "pk"): (decision.pk, True), ("rules", "pk"): (rule.pk, True),
            ("import", "pk"): (imported.pk, True)}
