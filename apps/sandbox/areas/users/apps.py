from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from apps.sandbox.registry import SandboxArea

if TYPE_CHECKING:
    from apps.sandbox.demo import DemoAccount
    from apps.sandbox.models import SandboxAccount


class UsersConfig(SandboxArea):
    """/users, /users/{userId}, /groups and /roles (the users themselves are the core's models)."""

    name = "apps.sandbox.areas.users"
    label = "sandbox_users"
    verbose_name = "Zoom sandbox: users, groups, roles"

    def seed_account(self, account: DemoAccount, rng: random.Random, used_ids: set[str]) -> None:
        # The groups have always been drawn from the users' stream: keeping it keeps every seed's data.
        from .demo import seed_groups

        seed_groups(account, rng, used_ids)

    def summary_account(self, account: SandboxAccount) -> dict[str, Any]:
        return {"groups": account.groups.count()}
