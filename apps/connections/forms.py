from __future__ import annotations

from django import forms


class ServerToServerForm(forms.Form):
    account_id = forms.CharField(max_length=64, label="Account ID")
    client_id = forms.CharField(max_length=128, label="Client ID")
    client_secret = forms.CharField(max_length=256, label="Client secret", widget=forms.PasswordInput)
    webhook_secret_token = forms.CharField(
        max_length=512,
        required=False,
        label="Webhook secret token",
        widget=forms.PasswordInput,
        help_text="Optional. Several, comma-separated, while rotating.",
    )

    def clean(self):
        data = super().clean()
        for field in ("account_id", "client_id", "client_secret"):
            if field in data:
                data[field] = data[field].strip()
        return data
