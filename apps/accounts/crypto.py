"""Encryption at rest for tokens and secrets (Fernet, keys from TOKEN_ENCRYPTION_KEYS).

The first key encrypts; every key decrypts, so keys can be rotated: add a new key
in front, run ``manage.py rotate_encryption_keys``, then drop the old one.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "TOKEN_ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "A stored secret cannot be decrypted with TOKEN_ENCRYPTION_KEYS: was a key removed?"
        ) from exc


def rotate(ciphertext: str) -> str:
    return fernet().rotate(ciphertext.encode()).decode()


class EncryptedTextField(models.TextField):
    """A text column that holds Fernet ciphertext; Python sees the plaintext.

    An empty string stays empty so "no token" needs no decryption.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
