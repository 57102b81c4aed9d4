"""Granting, changing and removing roles, each recorded in the audit log."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from . import audit
from .models import Membership, RevokedRole, Role, ZoomAccount


class RoleError(Exception):
    pass


def _would_leave_no_admin(membership: Membership, new_role: str | None) -> bool:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return False
    return not Membership.objects.filter(account_id=membership.account_id, role=Role.ADMIN).exclude(
        pk=membership.pk
    ).exists()


def _locked(membership: Membership) -> Membership:
    """Serialize role changes per account, then re-read the row: of two requests that would each
    demote or remove one of the last two admins, the second sees the first's result. PostgreSQL:
    a row lock on the account. SQLite: the IMMEDIATE transaction (settings) already holds the write
    lock, and select_for_update is a no-op there. Call inside ``transaction.atomic()``."""
    ZoomAccount.objects.select_for_update().filter(pk=membership.account_id).first()
    current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if current is None:
        raise RoleError(f"{membership.email} has no role here any more.")
    return current


def signed_in_identity(account: ZoomAccount, email: str) -> SocialAccount | None:
    """The verified Zoom user of ``account`` with this email who has already signed in here, if any:
    a role granted to them is theirs at once. A local user's email alone never links a role."""
    candidates = SocialAccount.objects.filter(
        provider="zoom", extra_data__account_id=account.zoom_account_id, extra_data__email__iexact=email
    ).select_related("user")
    return next((a for a in candidates if a.extra_data.get("verified") == 1), None)


def grant_role(account: ZoomAccount, email: str, role: str, *, by, external: bool = False) -> Membership:
    email = email.strip().lower()
    with transaction.atomic():
        existing = Membership.objects.filter(account=account, email=email).first()
        if existing is not None:
            raise RoleError(f"{email} already has the {existing.get_role_display()} role here.")
        identity = signed_in_identity(account, email)
        # Granting again lifts a revocation of this person (by email, and by Zoom user id once known).
        lifted = RevokedRole.objects.filter(account=account, email__iexact=email)
        if identity is not None:
            lifted = lifted | RevokedRole.objects.filter(account=account, zoom_user_id=identity.uid)
        lifted.delete()
        membership = Membership.objects.create(
            account=account, email=email, role=role, granted_by=by, external=external,
            user=identity.user if identity else None, zoom_user_id=identity.uid if identity else "",
        )
        audit.record(
            action="role.granted", account=account, actor=by, target_type="membership",
            target_id=membership.pk, target_label=email,
            detail={"role": role, **({"external": True} if external else {})},
        )
    return membership


def set_external(membership: Membership, external: bool, *, by) -> None:
    """An admin marks a role external (it no longer needs an active Zoom user of the account, and a
    suspension ends) or not (it follows Zoom again, from the next sync or webhook)."""
    with transaction.atomic():
        current = _locked(membership)
        current.external = external
        fields = ["external", "updated_at"]
        if external and current.suspended_at is not None:
            current.suspended_at, current.suspended_reason = None, ""
            fields += ["suspended_at", "suspended_reason"]
        current.save(update_fields=fields)
        audit.record(
            action="role.external" if external else "role.internal", account=current.account, actor=by,
            target_type="membership", target_id=current.pk, target_label=current.email,
            detail={"role": current.role},
        )
    membership.external = external


def change_role(membership: Membership, role: str, *, by) -> None:
    with transaction.atomic():
        current = _locked(membership)
        if _would_leave_no_admin(current, role):
            raise RoleError("An account needs at least one admin.")
        old = current.role
        current.role = role
        current.save(update_fields=["role", "updated_at"])
        audit.record(
            action="role.changed", account=current.account, actor=by, target_type="membership",
            target_id=current.pk, target_label=current.email, detail={"from": old, "to": role},
        )
    membership.role = role


def remove_role(membership: Membership, *, by) -> None:
    with transaction.atomic():
        current = _locked(membership)
        if _would_leave_no_admin(current, None):
            raise RoleError("An account needs at least one admin.")
        audit.record(
            action="role.removed", account=current.account, actor=by, target_type="membership",
            target_id=current.pk, target_label=current.email, detail={"role": current.role},
        )
        # Removed stays removed: a Zoom admin's next sign-in does not grant it back.
        RevokedRole.objects.create(account=current.account, email=current.email,
                                   zoom_user_id=current.zoom_user_id, role=current.role, revoked_by=by)
        current.delete()


# --- Roles follow Zoom: a role needs an active Zoom user of the account, unless it is external ------


def follow_zoom_users(account: ZoomAccount, *, active=(), inactive=(), reason: str = "") -> int:
    """What Zoom says about these Zoom user ids of ``account``: the roles of ``inactive`` ones
    (deactivated, removed, disassociated) are suspended, those of ``active`` ones lifted. External
    roles are left alone. Returns how many roles were suspended; each suspension is audited."""
    suspended = 0
    inactive = [i for i in inactive if i]
    if inactive:
        rows = list(Membership.objects.filter(account=account, zoom_user_id__in=inactive, external=False,
                                              suspended_at__isnull=True))
        if rows:
            Membership.objects.filter(pk__in=[m.pk for m in rows]).update(
                suspended_at=timezone.now(), suspended_reason=reason[:200], updated_at=timezone.now())
            for m in rows:
                audit.record(action="role.suspended", account=account, actor_label="Zoom", target_type="membership",
                             target_id=m.pk, target_label=m.email, detail={"role": m.role}, message=reason)
            suspended = len(rows)
    active = [i for i in active if i]
    if active:
        rows = list(Membership.objects.filter(account=account, zoom_user_id__in=active, suspended_at__isnull=False))
        if rows:
            Membership.objects.filter(pk__in=[m.pk for m in rows]).update(
                suspended_at=None, suspended_reason="", updated_at=timezone.now())
            for m in rows:
                audit.record(action="role.restored", account=account, actor_label="Zoom", target_type="membership",
                             target_id=m.pk, target_label=m.email, detail={"role": m.role},
                             message="Zoom says this user is active in the account again.")
    return suspended


def follow_zoom_sign_in(zoom_user_id: str, zoom_account_id: str, status: str) -> None:
    """At sign-in, ``/users/me`` says which account this Zoom user belongs to and their status: their
    roles elsewhere are suspended, and in that account they follow the status."""
    elsewhere = Membership.objects.filter(zoom_user_id=zoom_user_id, external=False, suspended_at__isnull=True
                                          ).exclude(account__zoom_account_id=zoom_account_id).select_related("account")
    for account in {m.account for m in elsewhere}:
        follow_zoom_users(account, inactive=[zoom_user_id],
                          reason="At sign-in, Zoom said this user belongs to another Zoom account.")
    here = ZoomAccount.objects.filter(zoom_account_id=zoom_account_id).first()
    if here is not None:
        if status == "active":
            follow_zoom_users(here, active=[zoom_user_id])
        else:
            follow_zoom_users(here, inactive=[zoom_user_id], reason=f"At sign-in, Zoom said this user is {status}.")
