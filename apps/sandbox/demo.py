"""Deterministic demo data: the same seed gives the same ids and the same data.

Two accounts: "Northwind Events" (Business plan; ``users`` users in all, 10,000+ is fine)
and "Contoso Learning" (Pro plan; 5 users). Each has an Owner, an Admin and Members,
spread over departments, job titles, time zones and a handful of groups; a few users
are inactive or pending. Emails use reserved ``.example`` domains; names come from the
small lists below (no personal data). The demo apps' credentials are fixed.

This module seeds the core's tables (accounts, users, apps, the clock); each installed
area adds its own data through its hooks (``apps.sandbox.registry.SandboxArea``): the groups
(users area) as each account is made, meetings, webinars and registrants (events area) once
every account exists, with the sizes given to ``reset`` (``meetings=``, ``registrants=``).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connections, transaction

from . import registry
from .models import SandboxAccount, SandboxApp, SandboxClock, SandboxUser
from .services import DB

DEFAULT_SEED = 1
DEFAULT_USERS = 20
MIN_USERS = 3  # an Owner, an Admin and a Member
OTHER_ACCOUNT_USERS = 5

DEMO_ACCOUNT_NAME = "Northwind Events"
OTHER_ACCOUNT_NAME = "Contoso Learning"
DEMO_DOMAIN = "northwind.example"
OTHER_DOMAIN = "contoso.example"

DEMO_OWNER_EMAIL = f"owner@{DEMO_DOMAIN}"
DEMO_ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
DEMO_MEMBER_EMAIL = f"member@{DEMO_DOMAIN}"
OTHER_ACCOUNT_OWNER_EMAIL = f"owner@{OTHER_DOMAIN}"
OTHER_ACCOUNT_ADMIN_EMAIL = f"admin@{OTHER_DOMAIN}"
OTHER_ACCOUNT_MEMBER_EMAIL = f"member@{OTHER_DOMAIN}"

# (client_id, client_secret)
ADMIN_APP = ("sandbox-admin-app", "sandbox-admin-secret")  # admin-managed OAuth
USER_APP = ("sandbox-user-app", "sandbox-user-secret")  # user-managed OAuth
S2S_APP = ("sandbox-s2s-northwind", "sandbox-s2s-northwind-secret")  # Server-to-Server, Northwind
OTHER_S2S_APP = ("sandbox-s2s-contoso", "sandbox-s2s-contoso-secret")  # Server-to-Server, Contoso

ADMIN_SCOPES = (
    "user:read:admin user:write:admin meeting:read:admin meeting:write:admin "
    "webinar:read:admin webinar:write:admin report:read:admin dashboard:read:admin "
    "role:read:admin role:write:admin"
)
USER_SCOPES = "user:read meeting:read meeting:write webinar:read webinar:write"

FIRST_NAMES = (
    "Alex", "Blake", "Casey", "Dana", "Eden", "Finley", "Gray", "Harper", "Indigo", "Jordan",
    "Kai", "Logan", "Morgan", "Noel", "Oakley", "Parker", "Quinn", "Reese", "Sage", "Taylor",
    "Umi", "Val", "Wren", "Yael", "Zion",
)
LAST_NAMES = (
    "Ashdown", "Birchwood", "Cobble", "Dunmore", "Elmsworth", "Fernhill", "Glenmark", "Hollins",
    "Ivybridge", "Juniper", "Kestrel", "Larchmont", "Meadows", "Northcote", "Oakridge",
    "Pemberton", "Quarry", "Rowan", "Stonefield", "Thornbury", "Underhill", "Vale", "Westbrook",
)
DEPARTMENTS = ("Events", "Marketing", "Sales", "Support", "Engineering", "Training", "Finance")
JOB_TITLES = ("Coordinator", "Manager", "Specialist", "Producer", "Analyst", "Trainer")
# Job titles by department (JOB_TITLES stays the generic list).
DEPARTMENT_TITLES = {
    "Events": ("Event Coordinator", "Event Producer", "Events Manager", "Venue Specialist"),
    "Marketing": ("Marketing Specialist", "Content Writer", "Marketing Manager", "Brand Designer"),
    "Sales": ("Account Executive", "Sales Manager", "Sales Development Rep", "Solutions Consultant"),
    "Support": ("Support Specialist", "Support Team Lead", "Customer Success Manager"),
    "Engineering": ("Software Engineer", "Engineering Manager", "Site Reliability Engineer", "QA Analyst"),
    "Training": ("Trainer", "Instructional Designer", "Learning Program Manager"),
    "Finance": ("Financial Analyst", "Accountant", "Finance Manager"),
}
TIMEZONES = (
    "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Paris",
    "Asia/Tokyo", "Australia/Sydney", "UTC",
)
# Large accounts: more time zones, and a few inactive and pending users spread through the list.
MORE_TIMEZONES = (
    "America/Chicago", "America/Denver", "America/Sao_Paulo", "Europe/Berlin", "Europe/Madrid",
    "Asia/Kolkata", "Asia/Singapore", "Africa/Johannesburg",
)
LOCATIONS = ("Remote", "Headquarters", "Branch office")

# Fixed reference dates: nothing depends on the real time.
EPOCH = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
LOGIN_EPOCH = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)

_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


def zoom_id(rng: random.Random) -> str:
    """A 22-character id like Zoom's (base64url of 16 bytes)."""
    return "".join(rng.choice(_ID_ALPHABET) for _ in range(22))


def demo_account_ids(seed: int = DEFAULT_SEED) -> tuple[str, str]:
    """The two accounts' Zoom ids for ``seed`` (Northwind, Contoso), without a database."""
    return (
        zoom_id(random.Random(f"sandbox-account-{seed}-0")),
        zoom_id(random.Random(f"sandbox-account-{seed}-1")),
    )


@dataclass
class DemoAccount:
    """One demo account as its users are created: ``index`` 0 is Northwind, 1 Contoso."""

    index: int
    account: SandboxAccount
    users: list[SandboxUser]


@dataclass
class DemoSeed:
    """What an area's ``seed`` hook gets: the seed, the accounts (Northwind first) and the
    sizes the areas declared (``sizes["meetings"]``)."""

    seed: int
    accounts: list[DemoAccount]
    sizes: dict[str, int] = field(default_factory=dict)

    def rng(self, area: str) -> random.Random:
        """The area's own random stream for this seed, so areas never shift each other's data."""
        return random.Random(f"sandbox-{area}-{self.seed}")


def wipe() -> None:
    """Empty every table of the sandbox: the core's and every area's.

    Raw deletes, table by table, in one transaction: no cascade collection, so a reset
    of 10,000 users is quick; SQLite checks the (deferred) foreign keys at commit, when
    every table is empty. Models whose table does not exist yet are skipped."""
    connection = connections[DB]
    existing = set(connection.introspection.table_names())
    for config in registry.sandbox_app_configs():
        for model in config.get_models():
            if model._meta.db_table in existing and not model._meta.proxy and model._meta.managed:
                model.objects.using(DB)._raw_delete(using=DB)


def _user(
    rng: random.Random,
    account: SandboxAccount,
    email: str,
    role_id: str,
    used_ids: set[str],
    *,
    status: str = SandboxUser.Status.ACTIVE,
) -> SandboxUser:
    uid = zoom_id(rng)
    while uid in used_ids:
        uid = zoom_id(rng)
    used_ids.add(uid)
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    is_member = role_id == SandboxUser.ROLE_MEMBER
    user_type = SandboxUser.Type.BASIC if is_member and rng.random() < 0.25 else SandboxUser.Type.LICENSED
    created = EPOCH + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 600))
    login = LOGIN_EPOCH + timedelta(hours=rng.randint(0, 24 * 120))
    active = status == SandboxUser.Status.ACTIVE
    return SandboxUser(
        zoom_id=uid,
        account=account,
        email=email.lower(),
        first_name=first,
        last_name=last,
        type=user_type,
        role_id=role_id,
        role_name=SandboxUser.ROLE_NAMES[role_id],
        status=status,
        dept=(dept := rng.choice(DEPARTMENTS)),
        job_title=rng.choice(DEPARTMENT_TITLES[dept]),
        location=rng.choice(LOCATIONS),
        timezone=rng.choice(TIMEZONES if rng.random() < 0.8 else MORE_TIMEZONES),
        language="en-US",
        pmi=rng.randint(2_000_000_000, 9_999_999_999),
        use_pmi=rng.random() < 0.2,
        verified=1 if status != SandboxUser.Status.PENDING else 0,
        created_at=created,
        last_login_time=login if active else None,
        last_client_version="6.2.5.51234(mac)" if active else "",
    )


def _account(
    rng: random.Random,
    seed: int,
    index: int,
    name: str,
    plan: str,
    domain: str,
    count: int,
    used_ids: set[str],
) -> DemoAccount:
    account = SandboxAccount.objects.using(DB).create(
        zoom_id=demo_account_ids(seed)[index],
        name=name,
        account_number=rng.randint(10_000_000, 99_999_999),
        plan=plan,
        created_at=EPOCH - timedelta(days=rng.randint(30, 900)),
    )
    users = [
        _user(rng, account, f"owner@{domain}", SandboxUser.ROLE_OWNER, used_ids),
        _user(rng, account, f"admin@{domain}", SandboxUser.ROLE_ADMIN, used_ids),
        _user(rng, account, f"member@{domain}", SandboxUser.ROLE_MEMBER, used_ids),
    ]
    extra = count - len(users)
    for n in range(extra):
        # With enough users, show the other statuses too: the last is pending, the one before inactive.
        status = SandboxUser.Status.ACTIVE
        if extra >= 5 and n == extra - 1:
            status = SandboxUser.Status.PENDING
        elif extra >= 5 and n == extra - 2:
            status = SandboxUser.Status.INACTIVE
        elif extra > 40 and n % 41 == 17:
            status = SandboxUser.Status.INACTIVE  # about 2.5% more inactive users
        elif extra > 40 and n % 67 == 29:
            status = SandboxUser.Status.PENDING  # about 1.5% more pending users
        user = _user(rng, account, "", SandboxUser.ROLE_MEMBER, used_ids, status=status)
        user.email = f"{user.first_name}.{user.last_name}.{n + 1}@{domain}".lower()
        users.append(user)
    SandboxUser.objects.using(DB).bulk_create(users, batch_size=1000)
    demo_account = DemoAccount(index=index, account=account, users=users)
    # Before the next account: these hooks draw from the same stream (the users area's groups).
    for area in registry.areas():
        area.seed_account(demo_account, rng, used_ids)
    return demo_account


def sizes_with_defaults(sizes: dict[str, Any]) -> dict[str, int]:
    """The areas' demo sizes (``meetings``...): those given, the defaults for the others."""
    declared = registry.demo_sizes()
    unknown = set(sizes) - set(declared)
    if unknown:
        raise TypeError(f"unknown demo sizes: {sorted(unknown)} (the installed areas have {sorted(declared)})")
    return {name: int(sizes.get(name, size.default)) for name, size in declared.items()}


def reset(seed: int = DEFAULT_SEED, users: int = DEFAULT_USERS, **sizes: int) -> dict[str, Any]:
    """Wipe every sandbox table and recreate the demo data for ``seed``: ``users`` users in
    Northwind, and what the installed areas seed with ``sizes`` (e.g. ``meetings``
    meetings and ``registrants`` registrants in Northwind, through the events area)."""
    users = max(MIN_USERS, int(users))
    rng = random.Random(seed)
    used_ids: set[str] = set()
    demo = DemoSeed(seed=seed, accounts=[], sizes=sizes_with_defaults(sizes))
    with transaction.atomic(using=DB):
        wipe()
        demo.accounts.append(_account(rng, seed, 0, DEMO_ACCOUNT_NAME, "business", DEMO_DOMAIN, users, used_ids))
        demo.accounts.append(
            _account(rng, seed, 1, OTHER_ACCOUNT_NAME, "pro", OTHER_DOMAIN, OTHER_ACCOUNT_USERS, used_ids)
        )
        northwind, contoso = demo.accounts[0].account, demo.accounts[1].account
        SandboxApp.objects.using(DB).bulk_create(
            [
                SandboxApp(
                    client_id=ADMIN_APP[0], client_secret=ADMIN_APP[1], name="Sandbox Admin App",
                    kind=SandboxApp.Kind.ADMIN, scopes=ADMIN_SCOPES,
                ),
                SandboxApp(
                    client_id=USER_APP[0], client_secret=USER_APP[1], name="Sandbox User App",
                    kind=SandboxApp.Kind.USER, scopes=USER_SCOPES,
                ),
                SandboxApp(
                    client_id=S2S_APP[0], client_secret=S2S_APP[1], name="Northwind Server-to-Server",
                    kind=SandboxApp.Kind.S2S, account=northwind, scopes=ADMIN_SCOPES,
                ),
                SandboxApp(
                    client_id=OTHER_S2S_APP[0], client_secret=OTHER_S2S_APP[1],
                    name="Contoso Server-to-Server", kind=SandboxApp.Kind.S2S, account=contoso,
                    scopes=ADMIN_SCOPES,
                ),
            ]
        )
        SandboxClock.objects.using(DB).create(pk=1, offset_seconds=0)
        for area in registry.areas():
            area.seed(demo)
    return summary(seed=seed)


def summary(seed: int | None = None) -> dict[str, Any]:
    """What the sandbox holds: accounts (with ids, user counts and what the areas add, e.g.
    group counts) and apps (no secrets)."""
    accounts = []
    for account in SandboxAccount.objects.using(DB).all():
        owner = account.owner
        entry: dict[str, Any] = {
            "id": account.zoom_id,
            "name": account.name,
            "account_number": account.account_number,
            "plan": account.plan,
            "owner_email": owner.email if owner else None,
            "users": account.users.count(),
        }
        for area in registry.areas():
            entry.update(area.summary_account(account))
        accounts.append(entry)
    apps = [
        {"client_id": app.client_id, "kind": app.kind, "account_id": app.account.zoom_id if app.account else None}
        for app in SandboxApp.objects.using(DB).select_related("account")
    ]
    data: dict[str, Any] = {"accounts": accounts, "apps": apps}
    if seed is not None:
        data = {"seed": seed, **data}
    return data


def has_data() -> bool:
    return SandboxAccount.objects.using(DB).exists()
