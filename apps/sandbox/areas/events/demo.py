"""Demo meetings, webinars, occurrences, registrants and panelists (fake data only).

``seed_events(account, users, rng, meetings=..., registrants=...)`` is called by
``demo.reset`` through the area's ``seed`` hook (``apps.py``). Everything but the dates
comes from ``rng`` (ids, topics, names, emails, statuses); the dates are placed around
the sandbox's current UTC day so that "upcoming" and "previous" lists both have content.
Emails use reserved domains (example.com/.net/.org and *.example). Rows are written with
bulk_create in batches: 2,000 events and 50,000 registrants take a few seconds.
"""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from apps.sandbox.models import SandboxAccount, SandboxUser
from apps.sandbox.services import DB, now

from . import recurrence as rec
from .models import SandboxMeeting, SandboxOccurrence, SandboxPanelist, SandboxRegistrant, SandboxWebinar
from .scheduling import MEETING_SETTINGS, WEBINAR_SETTINGS

BATCH = 2000
MAX_PER_EVENT = 4999
WEBINAR_SHARE = 0.12

SUBJECTS = ("Quarterly planning", "Product roadmap", "Customer onboarding", "Sales kickoff", "Design review",
            "Security briefing", "All hands", "Partner update", "Release readiness", "Budget review",
            "Hiring sync", "Support triage", "Marketing standup", "Training: advanced reporting",
            "Webinar rehearsal", "Board preparation", "Community office hours", "Data migration check-in")
QUALIFIERS = ("", "", "", " (EMEA)", " (APAC)", " (Americas)", " – team A", " – team B", " Q1", " Q2", " Q3", " Q4")
WEBINAR_SUBJECTS = ("Getting started with Northwind", "What's new this quarter", "Live product demo",
                    "Ask the experts", "Customer success stories", "Best practices for events",
                    "Analytics deep dive", "Security and compliance")
DOMAINS = ("example.com", "example.net", "example.org", "acme.example", "globex.example", "initech.example",
           "mail.example", "university.example", "contractor.example", "hooli.example", "umbrella.example",
           "stark.example", "wayne.example")
FIRST = ("Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Mara",
         "Nico", "Olga", "Priya", "Quentin", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wei", "Xenia", "Yusuf", "Zoe")
LAST = ("Abbott", "Becker", "Cruz", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kim",
        "Lopez", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Ulrich", "Vargas",
        "Weber", "Xu", "Young", "Zimmer")
COMPANIES = ("Acme Corp", "Globex", "Initech", "Hooli", "Umbrella Labs", "Stark Industries", "Wayne Enterprises",
             "Freelance", "City University", "Northwind Traders")
ROLES = ("Engineer", "Manager", "Director", "Student", "Consultant", "Analyst", "Designer", "Founder")
QUESTIONS = {
    "questions": [{"field_name": "org", "required": False}, {"field_name": "job_title", "required": False}],
    "custom_questions": [
        {"title": "Company", "type": "short", "required": True, "answers": []},
        {"title": "Role", "type": "single", "required": False, "answers": list(ROLES)},
    ],
}
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _rid(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(22))


def _uuid(rng: random.Random, n: int) -> str:
    value = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(16))).decode()
    if n % 40 == 7:  # some start with "/": clients must double-encode them in paths
        value = "/" + value[1:]
    elif n % 40 == 19:
        value = value[:6] + "//" + value[8:]
    return value


def _topic(rng: random.Random, webinar: bool) -> str:
    if webinar:
        return "Webinar: " + rng.choice(WEBINAR_SUBJECTS)
    return rng.choice(SUBJECTS) + rng.choice(QUALIFIERS)


def _event(rng: random.Random, n: int, account: SandboxAccount, host: SandboxUser, ids: set[int],
           today: datetime) -> tuple[Any, list[datetime]]:
    webinar = rng.random() < WEBINAR_SHARE
    zoom_id = rng.randint(81_000_000_000, 99_999_999_999)
    while zoom_id in ids:
        zoom_id = rng.randint(81_000_000_000, 99_999_999_999)
    ids.add(zoom_id)
    roll = rng.random()
    if webinar:
        kind, model, defaults = (9 if roll < 0.2 else 5), SandboxWebinar, WEBINAR_SETTINGS
        fixed, floating = 9, 6
    else:
        kind = 8 if roll < 0.2 else 3 if roll < 0.28 else 2
        model, defaults, fixed, floating = SandboxMeeting, MEETING_SETTINGS, 8, 3
    start = today + timedelta(days=rng.randint(-60, 120), hours=rng.choice((8, 9, 10, 13, 14, 15, 16, 17)),
                              minutes=rng.choice((0, 0, 30)))
    settings = dict(defaults)
    settings.update(waiting_room=rng.random() < 0.4, mute_upon_entry=rng.random() < 0.5)
    registration = (webinar and rng.random() < 0.85) or (kind in (2, 8) and rng.random() < 0.35)
    if registration:
        settings["approval_type"] = 1 if rng.random() < 0.7 else 0
    recurrence, starts = None, []
    if kind == fixed:
        pattern = rng.random()
        if pattern < 0.7:
            recurrence = {"type": 2, "repeat_interval": 1, "weekly_days": rng.choice(("2", "3", "4", "2,4", "3,5")),
                          "end_times": rng.randint(4, 20)}
        elif pattern < 0.85:
            recurrence = {"type": 1, "repeat_interval": rng.choice((1, 2)), "end_times": rng.randint(3, 10)}
        else:
            recurrence = {"type": 3, "repeat_interval": 1, "monthly_day": start.day, "end_times": rng.randint(3, 12)}
        recurrence = rec.validate(recurrence)
        starts = rec.occurrences(start, "UTC", recurrence)
    event = model(
        zoom_id=zoom_id, uuid=_uuid(rng, n), account=account, host=host, type=kind,
        topic=_topic(rng, webinar), agenda=rng.choice(("", "", "Agenda to follow.", "Review, decisions, next steps.")),
        start_time=None if kind == floating else start, duration=rng.choice((30, 45, 60, 60, 90)),
        timezone=host.timezone or "UTC", password=f"{rng.randint(100000, 999999)}" if rng.random() < 0.8 else "",
        settings=settings, recurrence=recurrence, questions=QUESTIONS if registration else {},
        status="started" if kind == 2 and start.date() == today.date() and rng.random() < 0.5 else "waiting",
        created_at=start - timedelta(days=rng.randint(3, 60)),
    )
    return event, starts


def _registrants(rng: random.Random, event: Any, fk: str, count: int, current: datetime) -> list[SandboxRegistrant]:
    manual = event.approval_type == 1
    rows = []
    for n in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        status = "approved"
        if manual:
            roll = rng.random()
            status = "pending" if roll < 0.45 else "denied" if roll < 0.55 else "approved"
        company = rng.choice(COMPANIES)
        created = event.created_at + timedelta(minutes=rng.randint(1, 60 * 24 * 30))
        rows.append(SandboxRegistrant(
            **{fk: event}, zoom_id=_rid(rng),
            email=f"{first}.{last}.{n}@{rng.choice(DOMAINS)}".lower(), first_name=first, last_name=last,
            details={"org": company, "job_title": rng.choice(ROLES),
                     "country": rng.choice(("US", "GB", "DE", "FR", "JP", "BR"))},
            custom_questions=[{"title": "Company", "value": company}, {"title": "Role", "value": rng.choice(ROLES)}],
            status=status, cancelled=False, create_time=min(created, current),
        ))
    return rows


def seed_events(account: SandboxAccount, users: list[SandboxUser] | None, rng: random.Random, meetings: int = 200,
                registrants: int = 2000) -> dict[str, int]:
    """Create ``meetings`` events (about 12% webinars) for the account's hosts and spread
    ``registrants`` registrations over the events that take registration."""
    users = list(users if users is not None else SandboxUser.objects.using(DB).filter(account=account))
    hosts = [u for u in users if u.account_id == account.pk and u.status == "active" and u.type == 2] or users
    if not hosts or meetings <= 0:
        return {"meetings": 0, "webinars": 0, "occurrences": 0, "registrants": 0, "panelists": 0}
    current = now()
    today = datetime(current.year, current.month, current.day, tzinfo=UTC)
    ids: set[int] = set()
    events: list[tuple[Any, list[datetime]]] = [
        _event(rng, n, account, rng.choice(hosts), ids, today) for n in range(meetings)
    ]
    meeting_rows = [e for e, _ in events if isinstance(e, SandboxMeeting)]
    webinar_rows = [e for e, _ in events if isinstance(e, SandboxWebinar)]
    SandboxMeeting.objects.using(DB).bulk_create(meeting_rows, batch_size=BATCH)
    SandboxWebinar.objects.using(DB).bulk_create(webinar_rows, batch_size=BATCH)
    # Make sure every row has its primary key (bulk_create returns them on SQLite and PostgreSQL).
    if any(e.pk is None for e, _ in events):
        pks = dict(SandboxMeeting.objects.using(DB).filter(account=account).values_list("zoom_id", "pk"))
        pks.update(SandboxWebinar.objects.using(DB).filter(account=account).values_list("zoom_id", "pk"))
        for event, _ in events:
            event.pk = event.id = pks[event.zoom_id]

    occurrences = []
    for event, starts in events:
        fk = "webinar" if isinstance(event, SandboxWebinar) else "meeting"
        for start in starts:
            occurrences.append(SandboxOccurrence(**{fk: event}, occurrence_id=rec.occurrence_id(start),
                                                 start_time=start, duration=event.duration,
                                                 status="deleted" if rng.random() < 0.03 else "available"))
    SandboxOccurrence.objects.using(DB).bulk_create(occurrences, batch_size=BATCH)

    open_events = [e for e, _ in events if e.registration_enabled]
    counts = _spread(rng, registrants, len(open_events))
    total = 0
    pending_rows: list[SandboxRegistrant] = []
    for event, count in zip(open_events, counts, strict=True):
        fk = "webinar" if isinstance(event, SandboxWebinar) else "meeting"
        pending_rows += _registrants(rng, event, fk, count, current)
        if len(pending_rows) >= BATCH:
            SandboxRegistrant.objects.using(DB).bulk_create(pending_rows, batch_size=BATCH)
            total += len(pending_rows)
            pending_rows = []
    SandboxRegistrant.objects.using(DB).bulk_create(pending_rows, batch_size=BATCH)
    total += len(pending_rows)

    panelists = []
    for event in webinar_rows:
        for n in range(rng.randint(1, 4)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            panelists.append(SandboxPanelist(webinar=event, zoom_id=_rid(rng), name=f"{first} {last}",
                                             email=f"{first}.{last}.{n}@speakers.example".lower(),
                                             created_at=event.created_at))
    SandboxPanelist.objects.using(DB).bulk_create(panelists, batch_size=BATCH)
    return {"meetings": len(meeting_rows), "webinars": len(webinar_rows), "occurrences": len(occurrences),
            "registrants": total, "panelists": len(panelists)}


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """Split ``total`` over ``buckets`` unevenly (a few popular events), each at most 4,999."""
    if buckets == 0 or total <= 0:
        return [0] * buckets
    weights = [rng.paretovariate(1.5) for _ in range(buckets)]
    scale = total / sum(weights)
    counts = [min(MAX_PER_EVENT, int(w * scale)) for w in weights]
    short = total - sum(counts)
    index = 0
    while short > 0 and index < buckets * 2:
        room = MAX_PER_EVENT - counts[index % buckets]
        add = min(room, short)
        counts[index % buckets] += add
        short -= add
        index += 1
    return counts
