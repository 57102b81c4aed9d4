"""Sign in with Zoom: what happens when allauth has identified someone.

The person's Zoom profile (``GET /users/me``) tells their Zoom user id, account and Zoom
role. Only verified identities sign in (``verified: 1``): anyone else gets a page that says
why, never a form where they could choose their email. Roles belong to the Zoom user id:
a role granted by email is claimed by the first verified Zoom user of that account with
that email, and from then on only that Zoom user holds it. Zoom owners and admins become
local admins of their account on first sign-in. When the sign-in app is the connection's
own admin-managed app, an admin's sign-in also connects their account if nothing does yet.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from allauth.account.signals import user_logged_in
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.middleware import LAST_SEEN_AT, SESSION_KEY, SIGNED_IN_AT
from apps.accounts.models import Membership, RevokedRole, Role, ZoomAccount, ZoomOAuthConnection
from apps.accounts.roles import follow_zoom_sign_in
from apps.accounts.zoom_provider.views import refused
from apps.zoom.oauth import TokenSet

from .services import (
    environment_app,
    find_account,
    is_zoom_admin,
    may_create_tenant,
    save_oauth_connection,
    sign_in_uses_connection_app,
    upsert_account,
)

logger = logging.getLogger(__name__)

_REQUEST_ACCOUNT_ATTR = "_zoom_signin_account"


def is_verified_identity(me: dict[str, Any]) -> bool:
    """A Zoom user whose email Zoom has verified, with the ids a role is tied to."""
    return bool(me.get("id") and me.get("account_id") and me.get("email")) and me.get("verified") == 1


def claim_membership(account: ZoomAccount, me: dict[str, Any]) -> Membership | None:
    """The role this Zoom user holds in ``account``: by their Zoom user id, or else a role granted
    to their email that no Zoom user has claimed yet (which they claim now)."""
    zoom_user_id = str(me["id"])
    email = str(me["email"]).lower()
    membership = Membership.objects.filter(account=account, zoom_user_id=zoom_user_id).first()
    if membership is not None:
        if membership.email != email and not Membership.objects.filter(account=account, email=email).exists():
            membership.email = email  # the label follows Zoom; the role stays with the id
            membership.save(update_fields=["email", "updated_at"])
        return membership
    membership = Membership.objects.filter(account=account, email__iexact=me["email"], zoom_user_id="").first()
    if membership is not None:
        membership.zoom_user_id = zoom_user_id
        membership.save(update_fields=["zoom_user_id", "updated_at"])
    return membership


class ZoomSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # The email comes from Zoom (verified); never a sign-up form where it could be edited.
        return True

    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        me = sociallogin.account.extra_data
        if sociallogin.state.get("process") == "connect":
            # Attaching a second Zoom identity to a signed-in user: one local user is one Zoom user.
            raise ImmediateHttpResponse(refused(request, "incomplete"))
        if not is_verified_identity(me):
            reason = "unverified" if me.get("id") and me.get("email") else "incomplete"
            logger.info("sign-in refused: %s Zoom identity %s", reason, me.get("id", "?"))
            known = ZoomAccount.objects.filter(zoom_account_id=str(me.get("account_id") or "")).first()
            audit.record(action="signin", account=known, actor_label=str(me.get("email", "")).lower(),
                         target_type="user", target_label=str(me.get("id", "")), result="denied",
                         message="Zoom has not verified this user's email." if reason == "unverified"
                         else "Zoom's profile lacked the user id, account or email.")
            raise ImmediateHttpResponse(refused(request, reason, str(me.get("email", ""))))
        if find_account(me) is None and is_zoom_admin(me) and not may_create_tenant(str(me["account_id"])):
            audit.record(action="signin", account=None, actor_label=str(me["email"]).lower(),
                         target_type="user", target_label=str(me["id"]), result="denied",
                         message=f"Zoom account {me['account_id']} is not in ZOOM_ALLOWED_ACCOUNT_IDS.")
            raise ImmediateHttpResponse(refused(request, "not_allowed", str(me["email"])))
        with transaction.atomic():
            # Roles follow Zoom: only an active user of a Zoom account holds a (non-external) role in it.
            follow_zoom_sign_in(str(me["id"]), str(me["account_id"]), str(me.get("status") or "active"))
            account = find_account(me)
            if account is None and is_zoom_admin(me):
                # A Zoom admin's first sign-in makes their account a tenant (the allow list let it).
                account = upsert_account(me, rename=False)
            if account is None:
                # No tenant for this Zoom account: signed in, with no role anywhere ("No access").
                request.session.pop(SESSION_KEY, None)
                return
            email = me["email"].lower()
            membership = claim_membership(account, me)
            if is_zoom_admin(me) and not RevokedRole.holds(account, str(me["id"]), email):
                # Zoom owners and admins are admins here, unless an admin here removed that role.
                if membership is None:
                    if not Membership.objects.filter(account=account, email=email).exists():
                        Membership.objects.create(account=account, email=email, zoom_user_id=str(me["id"]),
                                                  role=Role.ADMIN)
                elif membership.user_id is None and membership.role != Role.ADMIN and not membership.external:
                    membership.role = Role.ADMIN  # first sign-in of a Zoom admin
                    membership.save(update_fields=["role", "updated_at"])
            if sign_in_uses_connection_app() and is_zoom_admin(me):
                _connect_if_unconnected(account, me, sociallogin.token)
        setattr(request, _REQUEST_ACCOUNT_ATTR, account)
        request.session[SESSION_KEY] = account.pk


def _connect_if_unconnected(account: ZoomAccount, me, token) -> None:
    app = environment_app()
    if app is None or token is None or not token.token:
        return
    if ZoomOAuthConnection.objects.filter(account=account, state=ZoomOAuthConnection.State.CONNECTED).exists():
        return
    conn = save_oauth_connection(
        app,
        me,
        TokenSet(access_token=token.token, refresh_token=token.token_secret or "",
                 expires_at=token.expires_at or timezone.now(), scope=""),
    )
    audit.record(
        action="connection.connected",
        account=conn.account,
        actor_label=me["email"].lower(),
        target_type="connection",
        target_id=conn.pk,
        target_label=str(app),
        message="Connected at the first admin sign-in.",
    )


@receiver(user_logged_in)
def link_memberships(sender, request, user, sociallogin=None, **kwargs) -> None:
    """The roles this Zoom user holds (claimed in ``pre_social_login``) are the local user's."""
    account = getattr(request, _REQUEST_ACCOUNT_ATTR, None)
    if sociallogin is not None and account is not None:
        Membership.objects.filter(account=account, zoom_user_id=str(sociallogin.account.uid)).exclude(
            user=user
        ).update(user=user)
    # The session's lifetime starts now (apps.accounts.middleware.SessionLifetimeMiddleware).
    if hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()
    audit.record(action="signin", account=account, actor=user, target_type="user", target_label=user.email)
