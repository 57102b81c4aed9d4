from __future__ import annotations

from django.db import models

from apps.sandbox.models import SandboxAccount


class ExampleNote(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="example_notes")
    text = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.text
