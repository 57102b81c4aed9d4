from __future__ import annotations

from django import forms

from .imports import validate
from .listing import EventRef, event_choices
from .models import Rule

DOMAIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-")


class EventField(forms.ChoiceField):
    def clean(self, value):  # type: ignore[override]
        value = super().clean(value)
        return EventRef.parse(value) if value else None


class RuleForm(forms.ModelForm):
    event = EventField(required=False, label="Applies to", help_text="Every event of the account, or one")

    class Meta:
        model = Rule
        fields = ["name", "event", "kind", "domains", "question_title", "answer_value", "match", "enabled"]
        labels = {"kind": "Rule", "question_title": "Question", "answer_value": "Answer"}
        widgets = {"domains": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        choices = event_choices(account)
        self.fields["event"].choices = [("", "Every meeting and webinar"), *choices[1:]]
        if self.instance.pk and self.instance.event_kind:
            self.initial["event"] = f"{self.instance.event_kind}:{self.instance.event_zoom_id}"

    def clean_domains(self) -> str:
        rule = Rule(domains=self.cleaned_data.get("domains", ""))
        bad = [d for d in rule.domain_list if "." not in d or not set(d) <= DOMAIN_CHARS]
        if bad:
            raise forms.ValidationError(f"Not a domain: {', '.join(sorted(bad))}.")
        return "\n".join(sorted(rule.domain_list))

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind in (Rule.Kind.ALLOW_DOMAINS, Rule.Kind.BLOCK_DOMAINS) and not data.get("domains"):
            self.add_error("domains", "List at least one domain.")
        if kind == Rule.Kind.ANSWER_MATCHES:
            if not (data.get("question_title") or "").strip():
                self.add_error("question_title", "Name the custom question.")
            if not (data.get("answer_value") or "").strip():
                self.add_error("answer_value", "Give the answer to match.")
        return data

    def save(self, commit: bool = True) -> Rule:
        rule = super().save(commit=False)
        rule.account = self.account
        ref: EventRef | None = self.cleaned_data.get("event")
        rule.event_kind, rule.event_zoom_id = (ref.kind, ref.zoom_id) if ref else ("", None)
        if commit:
            rule.save()
        return rule


class AddRegistrantForm(forms.Form):
    event = EventField(label="Event")
    email = forms.EmailField(max_length=128)
    first_name = forms.CharField(max_length=64)
    last_name = forms.CharField(max_length=64, required=False)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "Choose an event"), *event_choices(account)[1:]]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("email") and data.get("first_name"):
            for error in validate(data["email"].lower(), data["first_name"].strip(), data.get("last_name", "")):
                self.add_error(None, error)
        return data


class ImportForm(forms.Form):
    event = EventField(label="Event")
    file = forms.FileField(label="CSV file", help_text="Columns: email, first_name, last_name")
    auto_approve = forms.BooleanField(required=False, label="Approve them at once")

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "Choose an event"), *event_choices(account)[1:]]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 2 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("Save the file as UTF-8 CSV.") from None
