"""State of the stand-in Zoom, kept on the ``sandbox`` database alias.

These tables stand for Zoom's servers: the dashboard never reads them. Ids look
like Zoom's (22 characters of base64url for accounts and users). The core keeps what
OAuth and the control API need (accounts, users, apps, codes, tokens, the clock, call
counts, the webhook setting); each area's models (groups, meetings, registrants...) are
in its own app under ``areas/`` and hang off :class:`SandboxAccount` and :class:`SandboxUser`.
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
    # PKCE (RFC 7636): the challenge sent to /oauth/authorize; the token request must prove it.
    code_challenge = models.CharField(max_length=128, blank=True, default="")
    code_challenge_method = models.CharField(max_length=8, blank=True, default="")
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"authorization code {self.pk} of app {self.app_id}"  # never the code itself


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

    def __str__(self) -> str:
        return f"{self.kind} token {self.pk}"  # never the token


class SandboxClock(models.Model):
    """A single row: the sandbox's now() is the real now plus ``offset_seconds``."""

    offset_seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"clock offset {self.offset_seconds}s"


class SandboxCallCount(models.Model):
    key = models.CharField(max_length=200, unique=True)
    label = models.CharField(max_length=32)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SandboxWebhookConfig(models.Model):
    """A single row: whether the sandbox sends webhooks, and where (set by the control API)."""

    enabled = models.BooleanField(default=False)
    url = models.URLField(max_length=500, blank=True)
    # The app's "secret token" that signs each event (x-zm-signature); fake, like all sandbox data.
    secret = models.CharField(max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return f"webhooks {'on' if self.enabled else 'off'}"
