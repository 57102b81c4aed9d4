"""Re-encrypt every stored secret with the newest TOKEN_ENCRYPTION_KEYS key.

Rotation: put the new key first in TOKEN_ENCRYPTION_KEYS (keep the old ones after it),
deploy, run ``manage.py rotate_encryption_keys``, then drop the old keys.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, models, router
from django.db.models.functions import Cast

from apps.accounts import crypto
from apps.accounts.crypto import EncryptedTextField


def encrypted_fields(using: str) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) stored encrypted in the database ``using``."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if router.allow_migrate_model(using, model)
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def raw(value: str) -> models.Value:
    # An expression, so the field's get_prep_value does not encrypt the ciphertext again.
    return models.Value(value, output_field=models.TextField())


class Command(BaseCommand):
    help = "Re-encrypt every encrypted token and secret with the first key of TOKEN_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        using: str = options["database"]
        newest = Fernet(settings.TOKEN_ENCRYPTION_KEYS[0].encode())
        rotated = current = changed_meanwhile = 0
        failures: list[str] = []
        for model, name in encrypted_fields(using):
            manager = model._default_manager.db_manager(using)
            # Cast to a plain text column: read the ciphertext, not the field's decrypted value.
            rows = manager.annotate(_ciphertext=Cast(name, models.TextField())).values_list("pk", "_ciphertext")
            for pk, ciphertext in rows.iterator():
                if not ciphertext:
                    continue
                try:
                    newest.decrypt(ciphertext.encode())
                except InvalidToken:
                    pass
                else:
                    current += 1
                    continue
                try:
                    new_ciphertext = crypto.rotate(ciphertext)
                except InvalidToken:
                    failures.append(f"{model._meta.label} {pk} {name}")
                    continue
                # Only if unchanged since read: a token refreshed meanwhile is already under the newest key.
                updated = manager.filter(pk=pk, **{name: raw(ciphertext)}).update(**{name: raw(new_ciphertext)})
                if updated:
                    rotated += 1
                else:
                    changed_meanwhile += 1
        self.stdout.write(
            f"Re-encrypted {rotated} value(s) with the newest key; "
            f"{current} already used it; {changed_meanwhile} changed meanwhile and were left alone."
        )
        if failures:
            raise CommandError(
                f"{len(failures)} value(s) cannot be decrypted with any key in TOKEN_ENCRYPTION_KEYS: "
                + ", ".join(failures)
            )
