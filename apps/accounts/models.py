"""Zoom accounts, the people who may use them (roles), connections, API keys, audit log."""

from __future__ import annotations

import secrets
import string

from django.conf import settings
from django.db import models
from django.utils import timezone

from .crypto import EncryptedTextField

_ALPHABET = string.ascii_lowercase + string.digits


def random_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(16))


def new_app_id() -> str:
    return random_id("zoa_")


def new_connection_id() -> str:
    return random_id("zoc_")


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    APPROVER = "approver", "Approver"
    VIEWER = "viewer", "Viewer"


class ZoomAccount(models.Model):
    """One Zoom account (Zoom's ``account_id``); every local query is scoped to one."""

    zoom_account_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def active_connection(self) -> ZoomOAuthConnection | None:
        return (
            self.connections.filter(state=ZoomOAuthConnection.State.CONNECTED)
            .order_by("-updated_at")
            .first()
        )


class Membership(models.Model):
    """A person's role in one Zoom account, granted by email before or after they sign in.

    The role belongs to a Zoom user (``zoom_user_id``). The email only finds that person until
    the first sign-in of a verified Zoom identity of this account with that email, which claims
    the role; from then on the email is a label, and nobody else with that address gets the role.
    """

    account = models.ForeignKey(ZoomAccount, on_delete=models.CASCADE, related_name="memberships")
    email = models.EmailField()
    zoom_user_id = models.CharField(max_length=64, blank=True, default="", help_text="Zoom user who holds the role")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    external = models.BooleanField(
        default=False,
        help_text="Held by someone who need not be an active user of this Zoom account (an admin's "
                  "choice); never granted automatically, it lasts while an admin keeps it.",
    )
    suspended_at = models.DateTimeField(
        null=True, blank=True,
        help_text="Set while Zoom says the holder is not an active user of the account (deactivated, "
                  "removed, disassociated): the role gives no access; lifted when Zoom says active again.",
    )
    suspended_reason = models.CharField(max_length=200, blank=True, default="")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["account", "email"], name="one_role_per_email_and_account"),
            models.UniqueConstraint(
                fields=["account", "zoom_user_id"], condition=~models.Q(zoom_user_id=""),
                name="one_role_per_zoom_user_and_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role}) in {self.account_id}"

    @property
    def is_active(self) -> bool:
        return self.suspended_at is None


class RevokedRole(models.Model):
    """A role an admin removed: a tombstone, so that a Zoom admin's next sign-in does not grant it
    again. It names the Zoom user (or, before anyone claimed the role, the email). Granting a role
    to that person again lifts it."""

    account = models.ForeignKey(ZoomAccount, on_delete=models.CASCADE, related_name="revoked_roles")
    email = models.EmailField()
    zoom_user_id = models.CharField(max_length=64, blank=True, default="")
    role = models.CharField(max_length=16, choices=Role.choices)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-revoked_at"]
        indexes = [models.Index(fields=["account", "zoom_user_id"]), models.Index(fields=["account", "email"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.role}) revoked in {self.account_id}"

    @classmethod
    def holds(cls, account: ZoomAccount, zoom_user_id: str, email: str) -> bool:
        """Whether a removed role of this Zoom user (or of this email, if unclaimed) is on record."""
        by_id = models.Q(zoom_user_id=zoom_user_id) if zoom_user_id else models.Q(pk__in=[])
        by_email = models.Q(zoom_user_id="", email__iexact=email)
        return cls.objects.filter(by_id | by_email, account=account).exists()


class ZoomOAuthApp(models.Model):
    """A Zoom app whose credentials the dashboard holds.

    ``from_environment`` marks the app configured by ZOOM_CLIENT_ID/SECRET; the others
    were added on the Settings page (Server-to-Server OAuth apps).
    """

    class Kind(models.TextChoices):
        OAUTH = "oauth", "Admin-managed OAuth"
        SERVER_TO_SERVER = "s2s", "Server-to-Server OAuth"

    id = models.CharField(primary_key=True, max_length=24, default=new_app_id, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    client_id = models.CharField(max_length=128, unique=True)
    client_secret = EncryptedTextField()
    webhook_secret_token = EncryptedTextField(blank=True, default="")
    from_environment = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id}"

    @property
    def webhook_secrets(self) -> list[str]:
        return [s.strip() for s in self.webhook_secret_token.split(",") if s.strip()]


class ZoomOAuthConnection(models.Model):
    """The authorization that lets the dashboard act on one Zoom account.

    Shaped like Attendee's ``zoom_oauth_connections`` (seed 000). Tokens are
    encrypted; only apps/zoom's token service reads or writes them.
    """

    class State(models.TextChoices):
        CONNECTED = "connected", "Connected"
        DISCONNECTED = "disconnected", "Disconnected"

    id = models.CharField(primary_key=True, max_length=24, default=new_connection_id, editable=False)
    zoom_oauth_app = models.ForeignKey(ZoomOAuthApp, on_delete=models.PROTECT, related_name="connections")
    account = models.ForeignKey(ZoomAccount, on_delete=models.CASCADE, related_name="connections")
    user_id = models.CharField(max_length=64, blank=True, help_text="Zoom user who authorized")
    state = models.CharField(max_length=16, choices=State.choices, default=State.CONNECTED)
    metadata = models.JSONField(default=dict, blank=True)
    is_local_recording_token_supported = models.BooleanField(default=False)
    is_onbehalf_token_supported = models.BooleanField(default=False)
    connection_failure_data = models.JSONField(null=True, blank=True)
    access_token = EncryptedTextField(blank=True, default="")
    refresh_token = EncryptedTextField(blank=True, default="")
    access_token_expires_at = models.DateTimeField(null=True, blank=True)
    token_refreshed_at = models.DateTimeField(null=True, blank=True)
    scopes = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_successful_sync_at = models.DateTimeField(null=True, blank=True)
    last_attempted_sync_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["zoom_oauth_app", "account"], name="one_connection_per_app_and_account"),
        ]
        indexes = [models.Index(fields=["account", "state"])]

    def __str__(self) -> str:
        return f"{self.id} ({self.state})"

    @property
    def is_server_to_server(self) -> bool:
        return self.zoom_oauth_app.kind == ZoomOAuthApp.Kind.SERVER_TO_SERVER

    @property
    def is_connected(self) -> bool:
        return self.state == self.State.CONNECTED


class ApiKey(models.Model):
    """A key for the JSON API, bound to one Zoom account. Only its SHA-256 is stored."""

    account = models.ForeignKey(ZoomAccount, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="First characters, to tell keys apart")
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEvent(models.Model):
    """One write made through the dashboard (or by a rule or the system), and how Zoom took it."""

    class Result(models.TextChoices):
        OK = "ok", "OK"
        FAILED = "failed", "Failed"
        DENIED = "denied", "Denied"

    account = models.ForeignKey(
        ZoomAccount, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown (email, rule, system)")
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=128, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.OK)
    zoom_status = models.PositiveSmallIntegerField(null=True, blank=True)
    zoom_code = models.IntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class UserSession(models.Model):
    """One signed-in session of a person (apps.accounts.sessions), so that an admin can see their
    sessions and sign them out everywhere."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"
