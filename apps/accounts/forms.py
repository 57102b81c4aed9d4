from __future__ import annotations

from django import forms

from .models import AuditEvent, Role


class RoleGrantForm(forms.Form):
    email = forms.EmailField(help_text="The email of their Zoom user. The role takes effect at their first sign-in.")
    role = forms.ChoiceField(choices=Role.choices)

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


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


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What uses this key, e.g. “nightly export”.")


class AuditFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", help_text="Actor, action or target")
    action = forms.CharField(required=False)
    result = forms.ChoiceField(required=False, choices=[("", "Any result"), *AuditEvent.Result.choices])
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "The end date is before the start date.")
        return data
