"""The last admin stays, also when two requests that would each leave one admin arrive at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from apps.accounts.models import AuditEvent, Membership, Role
from tests.conftest import client_for, make_person, persona_email

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*requests) -> list[int]:
    """Run the requests in threads (each with its own database connection), released together."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = [0] * len(requests)

    def run(i: int, request) -> None:
        try:
            barrier.wait(timeout=10)
            statuses[i] = request().status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("data", [{"role": Role.VIEWER}, {"remove": "1"}], ids=["demote", "remove"])
@pytest.mark.parametrize("attempt", range(3))
def test_two_admins_stepping_down_at_once_leave_one_admin(northwind, data, attempt):
    second = make_person(persona_email("second-admin"), northwind.account, Role.ADMIN)
    first_membership = Membership.objects.get(user=northwind.admin)
    second_membership = Membership.objects.get(user=second)
    first, other = client_for(northwind.admin), client_for(second)
    statuses = at_once(
        lambda: first.post(f"/settings/roles/{first_membership.pk}/", data),
        lambda: other.post(f"/settings/roles/{second_membership.pk}/", data),
    )
    assert statuses == [302, 302]
    assert Membership.objects.filter(account=northwind.account, role=Role.ADMIN).count() == 1
    assert AuditEvent.objects.filter(action__in=["role.changed", "role.removed"]).count() == 1
