from __future__ import annotations

from django import forms

from .models import AuditEvent, Role


class RoleGrantForm(forms.Form):
    email = forms.EmailField(help_text="The email of their Zoom user. The role takes effect at their first sign-in.")
    role = forms.ChoiceField(choices=Role.choices)
    external = forms.BooleanField(
        required=False, label="External",
        help_text="They need not be an active user of this Zoom account. Lasts while an admin keeps it.",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


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
