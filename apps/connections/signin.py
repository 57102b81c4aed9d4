"""Sign in with Zoom: what happens when allauth has identified someone.

The person's Zoom profile (``GET /users/me``) tells their account and Zoom role. Zoom
owners and admins become local admins of that account on first sign-in; everyone else
needs a role granted by email. When the sign-in app is the connection's own
admin-managed app, an admin's sign-in also connects their account if nothing does yet.
"""

from __future__ import annotations

import logging

from allauth.account.signals import user_logged_in
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.middleware import SESSION_KEY
from apps.accounts.models import Membership, Role, ZoomOAuthConnection
from apps.zoom.oauth import TokenSet

from .services import environment_app, is_zoom_admin, save_oauth_connection, sign_in_uses_connection_app, upsert_account

logger = logging.getLogger(__name__)

_REQUEST_ACCOUNT_ATTR = "_zoom_signin_account"


class ZoomSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        me = sociallogin.account.extra_data
        if not me.get("account_id") or not me.get("email"):
            return
        with transaction.atomic():
            account = upsert_account(me)
            email = me["email"].lower()
            if is_zoom_admin(me):
                membership, created = Membership.objects.get_or_create(
                    account=account, email=email, defaults={"role": Role.ADMIN}
                )
                if not created and membership.user_id is None and membership.role != Role.ADMIN:
                    membership.role = Role.ADMIN  # first sign-in of a Zoom admin
                    membership.save(update_fields=["role", "updated_at"])
            if sign_in_uses_connection_app() and is_zoom_admin(me):
                _connect_if_unconnected(account, me, sociallogin.token)
        setattr(request, _REQUEST_ACCOUNT_ATTR, account)
        request.session[SESSION_KEY] = account.pk


def _connect_if_unconnected(account, me, token) -> None:
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
        account=account,
        actor_label=me["email"].lower(),
        target_type="connection",
        target_id=conn.pk,
        target_label=str(app),
        message="Connected at the first admin sign-in.",
    )


@receiver(user_logged_in)
def link_memberships(sender, request, user, **kwargs) -> None:
    """Roles granted by email take effect at the person's first sign-in."""
    if user.email:
        Membership.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)
    account = getattr(request, _REQUEST_ACCOUNT_ATTR, None)
    audit.record(action="signin", account=account, actor=user, target_type="user", target_label=user.email)
