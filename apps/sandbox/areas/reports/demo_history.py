"""Six months (and a bit) of usage history, computed on the fly rather than stored.

Each user of an account has an activity profile and, for each past day, a number of
meetings (and, for a few users, webinars) derived from a cheap hash of the user's id
and the day: the same seed (hence the same user ids) gives the same history, and the
sandbox clock only decides which days are past. A meeting's id encodes its day, its
host's row and its number that day, so a report on one meeting can be answered without
any stored row. Reports are the sums of these meetings, so the daily report, the
active-hosts report and the per-meeting reports always agree.

Windows are computed once per process and cached (a month of 10,000 users is about
300,000 hashes).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from apps.sandbox.areas.events.demo import SUBJECTS, WEBINAR_SUBJECTS
from apps.sandbox.models import SandboxAccount, SandboxUser
from apps.sandbox.services import DB

HISTORY_DAYS = 400  # meetings older than this do not exist (Zoom: "a year ago" is refused)
INACTIVE_SHARE = 30  # percent of users who never host
WEBINAR_N = 5  # numbers 0-4 are meetings of the day, 5-9 webinars
_ID_BASE = 10**8


def h(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


@dataclass(frozen=True)
class Host:
    pk: int
    zoom_id: str
    email: str
    name: str
    first_name: str
    last_name: str
    dept: str
    type: int
    created: date

    @functools.cached_property
    def seed(self) -> int:
        return zlib.crc32(self.zoom_id.encode())


@dataclass(frozen=True)
class PastMeeting:
    host: Host
    day: date
    n: int  # 0-4 meeting of the day, 5-9 webinar

    @property
    def webinar(self) -> bool:
        return self.n >= WEBINAR_N

    @property
    def id(self) -> int:
        return self.day.toordinal() * _ID_BASE + self.host.pk * 10 + self.n

    @functools.cached_property
    def _hash(self) -> int:
        return zlib.crc32((self.day.toordinal() * 16 + self.n).to_bytes(4, "little"), self.host.seed ^ 0x5A5A)

    @property
    def uuid(self) -> str:
        raw = hashlib.sha1(f"{self.id}".encode()).digest()[:16]
        return base64.b64encode(raw).decode().replace("/", "A").replace("+", "B")

    @property
    def topic(self) -> str:
        if self.webinar:
            return "Webinar: " + WEBINAR_SUBJECTS[self._hash % len(WEBINAR_SUBJECTS)]
        return SUBJECTS[self._hash % len(SUBJECTS)]

    @property
    def start(self) -> datetime:
        x = self._hash
        return datetime(self.day.year, self.day.month, self.day.day, 7 + (x >> 4) % 10, (x >> 8) % 4 * 15, tzinfo=UTC)

    @functools.cached_property
    def duration(self) -> int:
        return 15 + (self._hash >> 10) % 8 * 15

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration)

    @functools.cached_property
    def participants(self) -> int:
        base = 20 if self.webinar else 2
        return base + (self._hash >> 14) % (60 if self.webinar else 12)

    def participant_minutes(self, i: int) -> int:
        """Participant 0 is the host (whole meeting); others leave up to 10 minutes early."""
        if i == 0 or self.duration <= 15:
            return self.duration
        return self.duration - (i % 3) * 5

    @functools.cached_property
    def total_minutes(self) -> int:
        """The sum of ``participant_minutes`` over all participants, in closed form."""
        count, duration = self.participants, self.duration
        if duration <= 15:
            return count * duration
        early = 3 * (count // 3) + (1 if count % 3 == 2 else 0)  # sum of i % 3 for i < count
        return count * duration - 5 * early

    @property
    def has_phone(self) -> bool:
        return self._hash % 7 == 0

    @property
    def has_polls(self) -> bool:
        return self._hash % 3 == 0

    @property
    def has_qa(self) -> bool:
        return self.webinar or self._hash % 4 == 0


def hosts(account: SandboxAccount) -> list[Host]:
    return list(_hosts(account.pk, _signature(account)))


@functools.lru_cache(maxsize=8)
def _hosts(account_pk: int, signature: tuple[int, int]) -> tuple[Host, ...]:
    account = SandboxAccount(pk=account_pk)
    rows = (
        SandboxUser.objects.using(DB).filter(account=account).exclude(status=SandboxUser.Status.PENDING)
        .order_by("pk").values_list("pk", "zoom_id", "email", "first_name", "last_name", "dept", "type", "created_at")
    )
    return tuple(Host(pk, zid, email, f"{first} {last}".strip(), first, last, dept, typ, created.date())
                 for pk, zid, email, first, last, dept, typ, created in rows)


def meetings_of(host: Host, day: date) -> list[PastMeeting]:
    """The meetings (and webinars) ``host`` held on ``day``."""
    profile = host.seed % 100
    if profile < INACTIVE_SHARE or day < host.created:
        return []
    x = zlib.crc32(day.toordinal().to_bytes(4, "little"), host.seed)
    threshold = (profile - INACTIVE_SHARE) * 7  # out of 1000: up to about half of the days
    if day.weekday() >= 5:
        threshold //= 4
    found: list[PastMeeting] = []
    if x % 1000 < threshold:
        found += [PastMeeting(host, day, n) for n in range(1 + (x >> 10) % 2)]
    if profile >= 95 and (x >> 12) % 10 == 0:
        found.append(PastMeeting(host, day, WEBINAR_N))
    return found


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@functools.lru_cache(maxsize=32)
def _window(account_pk: int, signature: tuple[int, int], start: date, end: date) -> tuple[PastMeeting, ...]:
    account = SandboxAccount.objects.using(DB).get(pk=account_pk)
    found: list[PastMeeting] = []
    for host in hosts(account):
        for day in days(start, end):
            found.extend(meetings_of(host, day))
    found.sort(key=lambda m: (m.day, (m._hash >> 4) % 10, (m._hash >> 8) % 4, m.id))  # by start time
    return tuple(found)


def past_meetings(account: SandboxAccount, start: date, end: date, today: date) -> tuple[PastMeeting, ...]:
    """Every meeting and webinar of the account from ``start`` to ``end`` (held before ``today``)."""
    end = min(end, today - timedelta(days=1))
    if end < start:
        return ()
    return _window(account.pk, _signature(account), start, end)


@functools.lru_cache(maxsize=32)
def _host_totals(
    account_pk: int, signature: tuple[int, int], start: date, end: date
) -> dict[int, tuple[int, int, int]]:
    totals: dict[int, list[int]] = {}
    for m in _window(account_pk, signature, start, end):
        if m.webinar:
            continue
        t = totals.setdefault(m.host.pk, [0, 0, 0])
        t[0] += 1
        t[1] += m.participants
        t[2] += m.total_minutes
    return {pk: (a, b, c) for pk, (a, b, c) in totals.items()}


def host_totals(account: SandboxAccount, start: date, end: date, today: date) -> dict[int, tuple[int, int, int]]:
    """Meetings, participants and minutes per host (by row id) over a window (meetings only)."""
    end = min(end, today - timedelta(days=1))
    if end < start:
        return {}
    return _host_totals(account.pk, _signature(account), start, end)


def _signature(account: SandboxAccount) -> tuple[int, int]:
    users = SandboxUser.objects.using(DB).filter(account=account)
    return users.count(), max(users.values_list("pk", flat=True), default=0)


def find(account: SandboxAccount, meeting_id: int, today: date) -> PastMeeting | str | None:
    """The past meeting with this id; "old" when it is more than a year ago; None if unknown."""
    ordinal, rest = divmod(meeting_id, _ID_BASE)
    pk, n = divmod(rest, 10)
    try:
        day = date.fromordinal(ordinal)
    except (ValueError, OverflowError):
        return None
    if day >= today:
        return None
    if (today - day).days > 365:
        return "old"
    user = next((u for u in hosts_by_pk(account, [pk])), None)
    if user is None:
        return None
    return next((m for m in meetings_of(user, day) if m.n == n), None)


def hosts_by_pk(account: SandboxAccount, pks: list[int]) -> list[Host]:
    rows = (
        SandboxUser.objects.using(DB).filter(account=account, pk__in=pks)
        .values_list("pk", "zoom_id", "email", "first_name", "last_name", "dept", "type", "created_at")
    )
    return [Host(pk, zid, email, f"{first} {last}".strip(), first, last, dept, typ, created.date())
            for pk, zid, email, first, last, dept, typ, created in rows]


def participant(meeting: PastMeeting, i: int) -> dict[str, object]:
    """Participant ``i`` of a past meeting: 0 is the host, others are guests."""
    if i == 0:
        name, email, user_id = meeting.host.name, meeting.host.email, meeting.host.zoom_id
    else:
        x = h(meeting.id, i, "p")
        first = ("Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas")[x % 10]
        last = ("Abbott", "Becker", "Cruz", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad")[(x >> 4) % 8]
        name, email, user_id = f"{first} {last}", f"{first}.{last}.{x % 997}@example.com".lower(), ""
    minutes = meeting.participant_minutes(i)
    join = meeting.start + timedelta(minutes=min(i % 3, 2))
    return {"index": i, "name": name, "email": email, "user_id": user_id, "join": join,
            "leave": join + timedelta(minutes=minutes), "minutes": minutes}
