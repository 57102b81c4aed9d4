"""State of the stand-in Zoom, kept on the ``sandbox`` database alias.

These tables stand for Zoom's servers: the dashboard never reads them. Ids look
like Zoom's (22 characters of base64url for accounts and users). Meetings,
webinars and registrants will hang off :class:`SandboxAccount` and
:class:`SandboxUser`.
"""

from __future__ import annotations

from django.db import models


class SandboxAccount(models.Model):
    class Plan(models.TextChoices):
        PRO = "pro", "Pro"
        BUSINESS = "business", "Business"

    zoom_id = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=128)
    account_number = models.BigIntegerField(unique=True)
    plan = models.CharField(max_length=16, choices=Plan.choices, default=Plan.PRO)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> SandboxUser | None:
        return self.users.filter(role_id=SandboxUser.ROLE_OWNER).order_by("id").first()


class SandboxUser(models.Model):
    class Type(models.IntegerChoices):
        BASIC = 1, "Basic"
        LICENSED = 2, "Licensed"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        PENDING = "pending", "Pending"

    ROLE_OWNER = "0"
    ROLE_ADMIN = "1"
    ROLE_MEMBER = "2"
    ROLE_NAMES = {ROLE_OWNER: "Owner", ROLE_ADMIN: "Admin", ROLE_MEMBER: "Member"}

    zoom_id = models.CharField(max_length=32, unique=True)
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="users")
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=64)
    last_name = models.CharField(max_length=64)
    type = models.PositiveSmallIntegerField(choices=Type.choices, default=Type.LICENSED)
    role_id = models.CharField(max_length=8, default=ROLE_MEMBER)
    role_name = models.CharField(max_length=32, default="Member")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    dept = models.CharField(max_length=64, blank=True)
    job_title = models.CharField(max_length=64, blank=True)
    location = models.CharField(max_length=64, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=16, default="en-US")
    pmi = models.BigIntegerField()
    use_pmi = models.BooleanField(default=False)
    verified = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField()
    last_login_time = models.DateTimeField(null=True, blank=True)
    last_client_version = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["account_id", "role_id", "id"]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_admin(self) -> bool:
        return self.role_id in (self.ROLE_OWNER, self.ROLE_ADMIN)


class SandboxApp(models.Model):
    class Kind(models.TextChoices):
        ADMIN = "admin", "Admin-managed OAuth"
        USER = "user", "User-managed OAuth"
        S2S = "s2s", "Server-to-Server OAuth"

    client_id = models.CharField(max_length=64, unique=True)
    client_secret = models.CharField(max_length=128)
    name = models.CharField(max_length=128)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # Only for Server-to-Server apps: the one account they belong to.
    account = models.ForeignKey(
        SandboxAccount, null=True, blank=True, on_delete=models.CASCADE, related_name="apps"
    )
    scopes = models.TextField(help_text="Space-separated scopes granted to tokens.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.client_id


class SandboxAuthorizationCode(models.Model):
    code = models.CharField(max_length=64, unique=True)
    app = models.ForeignKey(SandboxApp, on_delete=models.CASCADE, related_name="codes")
    user = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="codes")
    redirect_uri = models.TextField()
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)
    created_at = models.DateTimeField()


# The name the brief uses for the same table.
SandboxGrant = SandboxAuthorizationCode


class SandboxToken(models.Model):
    """An access or refresh token. Only a SHA-256 of the value is kept.

    ``family`` ties together every token descended from one authorization (or
    one account_credentials call): revoking any of them revokes the family.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", "Access"
        REFRESH = "refresh", "Refresh"

    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    family = models.CharField(max_length=32, db_index=True)
    app = models.ForeignKey(SandboxApp, on_delete=models.CASCADE, related_name="tokens")
    user = models.ForeignKey(
        SandboxUser, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="tokens")
    scope = models.TextField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked = models.BooleanField(default=False)


class SandboxClock(models.Model):
    """A single row: the sandbox's now() is the real now plus ``offset_seconds``."""

    offset_seconds = models.FloatField(default=0)


class SandboxCallCount(models.Model):
    key = models.CharField(max_length=200, unique=True)
    label = models.CharField(max_length=32)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["key"]


# --- Users, groups, roles, webhooks (users helper) ------------------------------------------


class SandboxGroup(models.Model):
    """A user group of an account (GET /groups); users belong through :class:`SandboxGroupMember`."""

    zoom_id = models.CharField(max_length=32, unique=True)
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["account_id", "name", "id"]

    def __str__(self) -> str:
        return self.name


class SandboxGroupMember(models.Model):
    group = models.ForeignKey(SandboxGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="group_memberships")

    class Meta:
        ordering = ["group_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="sandbox_group_member_unique")]


class SandboxWebhookConfig(models.Model):
    """A single row: whether the sandbox sends webhooks, and where (set by the control API)."""

    enabled = models.BooleanField(default=False)
    url = models.URLField(max_length=500, blank=True)
    # The app's "secret token" that signs each event (x-zm-signature); fake, like all sandbox data.
    secret = models.CharField(max_length=200, blank=True, default="")


# =====================================================================================
# Meetings, webinars, occurrences, registrants, panelists
# (owned by meetings_api / webinars_api / registrants_api / recurrence / demo_events)
# =====================================================================================


class SandboxEvent(models.Model):
    """What a meeting and a webinar share (Zoom's shapes are nearly the same)."""

    zoom_id = models.BigIntegerField(unique=True)
    uuid = models.CharField(max_length=32, unique=True)
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="+")
    host = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="+")
    type = models.PositiveSmallIntegerField()
    topic = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    start_time = models.DateTimeField(null=True, blank=True, db_index=True)
    duration = models.PositiveIntegerField(default=60)
    timezone = models.CharField(max_length=64, default="UTC")
    password = models.CharField(max_length=10, blank=True)
    settings = models.JSONField(default=dict)
    recurrence = models.JSONField(null=True, blank=True)
    # registration form: {"questions": [...], "custom_questions": [...]}
    questions = models.JSONField(default=dict)
    status = models.CharField(max_length=16, default="waiting")  # waiting | started
    created_at = models.DateTimeField()

    class Meta:
        abstract = True
        ordering = ["start_time", "id"]

    def __str__(self) -> str:
        return f"{self.zoom_id} {self.topic}"

    @property
    def approval_type(self) -> int:
        return int((self.settings or {}).get("approval_type", 2))

    @property
    def registration_enabled(self) -> bool:
        return self.approval_type in (0, 1)


class SandboxMeeting(SandboxEvent):
    """Types: 1 instant, 2 scheduled, 3 recurring with no fixed time, 8 recurring with fixed time."""

    class Meta(SandboxEvent.Meta):
        abstract = False
        indexes = [models.Index(fields=["host", "start_time"])]


class SandboxWebinar(SandboxEvent):
    """Types: 5 webinar, 6 recurring with no fixed time, 9 recurring with fixed time."""

    class Meta(SandboxEvent.Meta):
        abstract = False
        indexes = [models.Index(fields=["host", "start_time"])]


class SandboxOccurrence(models.Model):
    """One occurrence of a type 8 meeting or a type 9 webinar. ``occurrence_id`` is the
    original start time in milliseconds since the epoch, as a string (as at Zoom)."""

    meeting = models.ForeignKey(SandboxMeeting, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="occurrences")
    webinar = models.ForeignKey(SandboxWebinar, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="occurrences")
    occurrence_id = models.CharField(max_length=20)
    start_time = models.DateTimeField(db_index=True)
    duration = models.PositiveIntegerField(default=60)
    status = models.CharField(max_length=16, default="available")  # available | deleted
    # Per-occurrence changes (agenda, settings subset) made with PATCH ?occurrence_id=
    overrides = models.JSONField(default=dict)

    class Meta:
        ordering = ["start_time", "id"]


class SandboxRegistrant(models.Model):
    """A registration for a meeting or a webinar. ``status`` is one of Zoom's three values;
    a cancelled (previously approved) registration is listed as ``denied``."""

    meeting = models.ForeignKey(SandboxMeeting, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="registrants")
    webinar = models.ForeignKey(SandboxWebinar, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="registrants")
    zoom_id = models.CharField(max_length=32, db_index=True)
    email = models.CharField(max_length=128)
    first_name = models.CharField(max_length=64)
    last_name = models.CharField(max_length=64, blank=True)
    # address, city, state, zip, country, phone, industry, org, job_title, comments,
    # purchasing_time_frame, role_in_purchase_process, no_of_employees, language
    details = models.JSONField(default=dict)
    custom_questions = models.JSONField(default=list)
    status = models.CharField(max_length=16, default="approved")  # approved | pending | denied
    cancelled = models.BooleanField(default=False)
    # comma-separated occurrence ids; "" means every occurrence
    occurrence_ids = models.TextField(blank=True)
    create_time = models.DateTimeField()

    class Meta:
        ordering = ["create_time", "id"]
        indexes = [
            models.Index(fields=["meeting", "status"]),
            models.Index(fields=["webinar", "status"]),
        ]


class SandboxPanelist(models.Model):
    webinar = models.ForeignKey(SandboxWebinar, on_delete=models.CASCADE, related_name="panelists")
    zoom_id = models.CharField(max_length=32, db_index=True)
    name = models.CharField(max_length=128)
    email = models.CharField(max_length=128)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]


class SandboxDailyWrites(models.Model):
    """Meeting (or webinar) creates and updates per host per UTC day (Zoom: 100 a day)."""

    user = models.ForeignKey(SandboxUser, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # meeting | webinar
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "day"], name="sandbox_daily_writes_unique")]
