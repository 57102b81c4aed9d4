"""API key authentication for the JSON API: ``Authorization: Token <key>``."""

from __future__ import annotations

from dataclasses import dataclass, field

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from apps.accounts.apikeys import authenticate_key
from apps.accounts.models import ApiKey, ZoomAccount

KEYWORD = "Token"


@dataclass(frozen=True)
class ApiKeyPrincipal:
    """The caller of an API request: not a person and never saved, just "this key's account".

    DRF's ``IsAuthenticated`` needs a truthy ``request.user`` with ``is_authenticated``;
    views read the account from ``request.auth.account`` (the ApiKey).
    """

    api_key: ApiKey = field(repr=False)

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    @property
    def account(self) -> ZoomAccount:
        return self.api_key.account

    @property
    def label(self) -> str:
        return f"api key {self.api_key.prefix}"

    def __str__(self) -> str:
        return self.label

    def get_username(self) -> str:
        return self.label


class ApiKeyAuthentication(BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no key given: IsAuthenticated answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header.")
        try:
            raw = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token header.") from None
        api_key = authenticate_key(raw)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        return ApiKeyPrincipal(api_key), api_key

    def authenticate_header(self, request):
        return self.keyword
