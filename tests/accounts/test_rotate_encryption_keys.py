"""manage.py rotate_encryption_keys: every encrypted column moves to the newest key."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import models
from django.db.models.functions import Cast

from apps.accounts.models import ZoomAccount, ZoomOAuthApp, ZoomOAuthConnection

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()

SECRETS = {
    (ZoomOAuthApp, "client_secret"): "the-client-secret",
    (ZoomOAuthApp, "webhook_secret_token"): "whsec-1,whsec-2",
    (ZoomOAuthConnection, "access_token"): "the-access-token",
    (ZoomOAuthConnection, "refresh_token"): "the-refresh-token",
}


def stored(model: type[models.Model], field: str) -> str:
    """The raw column value, as the database holds it (ciphertext)."""
    return model.objects.annotate(raw=Cast(field, models.TextField())).values_list("raw", flat=True).get()


def rotate() -> str:
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    return out.getvalue()


@pytest.fixture
def secrets_under_key_a(db, settings, account: ZoomAccount) -> None:
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_A]
    app = ZoomOAuthApp.objects.create(
        kind=ZoomOAuthApp.Kind.OAUTH, client_id="rotate-app",
        client_secret=SECRETS[ZoomOAuthApp, "client_secret"],
        webhook_secret_token=SECRETS[ZoomOAuthApp, "webhook_secret_token"],
    )
    ZoomOAuthConnection.objects.create(
        zoom_oauth_app=app, account=account,
        access_token=SECRETS[ZoomOAuthConnection, "access_token"],
        refresh_token=SECRETS[ZoomOAuthConnection, "refresh_token"],
    )


def test_after_rotation_every_secret_decrypts_with_the_new_key_alone(secrets_under_key_a, settings):
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert "Re-encrypted 4 value(s)" in rotate()

    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B]
    app = ZoomOAuthApp.objects.get()
    conn = ZoomOAuthConnection.objects.get()
    for (model, field), plaintext in SECRETS.items():
        obj = app if model is ZoomOAuthApp else conn
        assert getattr(obj, field) == plaintext
        ciphertext = stored(model, field).encode()
        assert Fernet(KEY_B.encode()).decrypt(ciphertext).decode() == plaintext
        with pytest.raises(InvalidToken):
            Fernet(KEY_A.encode()).decrypt(ciphertext)


def test_rotation_leaves_timestamps_and_other_columns_alone(secrets_under_key_a, settings):
    before = ZoomOAuthConnection.objects.values("updated_at", "state", "scopes").get()
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    assert ZoomOAuthConnection.objects.values("updated_at", "state", "scopes").get() == before


def test_running_it_twice_re_encrypts_nothing_the_second_time(secrets_under_key_a, settings):
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    rotate()
    ciphertexts = {key: stored(*key) for key in SECRETS}
    output = rotate()
    assert "Re-encrypted 0 value(s)" in output and "4 already used it" in output
    assert {key: stored(*key) for key in SECRETS} == ciphertexts


def test_empty_tokens_stay_empty(db, settings, account):
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_A]
    app = ZoomOAuthApp.objects.create(kind=ZoomOAuthApp.Kind.OAUTH, client_id="no-tokens", client_secret="s")
    ZoomOAuthConnection.objects.create(zoom_oauth_app=app, account=account)
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert "Re-encrypted 1 value(s)" in rotate()
    assert stored(ZoomOAuthConnection, "refresh_token") == ""
    assert stored(ZoomOAuthApp, "webhook_secret_token") == ""


def test_a_value_no_key_can_decrypt_is_reported_and_left_unchanged(secrets_under_key_a, settings):
    settings.TOKEN_ENCRYPTION_KEYS = [KEY_B]  # key A was dropped too early
    before = stored(ZoomOAuthApp, "client_secret")
    with pytest.raises(CommandError, match="cannot be decrypted"):
        rotate()
    assert stored(ZoomOAuthApp, "client_secret") == before
