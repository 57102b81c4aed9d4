"""Demo groups: a handful per account; every user who is not pending joins one (by department
when the group is named after it), and about one in ten a second one."""

from __future__ import annotations

import random
from datetime import timedelta

from apps.sandbox.demo import DEPARTMENTS, DemoAccount, zoom_id
from apps.sandbox.models import SandboxUser
from apps.sandbox.services import DB

from .models import SandboxGroup, SandboxGroupMember

# Groups per account (by DemoAccount.index): Northwind has one per department, Contoso two.
NORTHWIND_GROUPS = tuple(f"{d} Team" for d in DEPARTMENTS)
CONTOSO_GROUPS = ("Instructors", "Operations")
GROUPS_BY_ACCOUNT = (NORTHWIND_GROUPS, CONTOSO_GROUPS)


def seed_groups(demo: DemoAccount, rng: random.Random, used_ids: set[str]) -> None:
    """The account's groups and memberships, drawn from ``rng`` (the stream of its users)."""
    account, users = demo.account, demo.users
    groups = []
    for name in GROUPS_BY_ACCOUNT[demo.index]:
        gid = zoom_id(rng)
        while gid in used_ids:
            gid = zoom_id(rng)
        used_ids.add(gid)
        groups.append(SandboxGroup(
            zoom_id=gid, account=account, name=name, created_at=account.created_at + timedelta(days=rng.randint(1, 60))
        ))
    SandboxGroup.objects.using(DB).bulk_create(groups)
    by_name = {g.name: g for g in groups}
    members = []
    for index, user in enumerate(users):
        if user.status == SandboxUser.Status.PENDING:
            continue
        first = by_name.get(f"{user.dept} Team") or groups[index % len(groups)]
        members.append(SandboxGroupMember(group=first, user=user))
        if rng.random() < 0.1:
            second = rng.choice(groups)
            if second is not first:
                members.append(SandboxGroupMember(group=second, user=user))
    SandboxGroupMember.objects.using(DB).bulk_create(members, batch_size=2000)
