"""Forms of the users pages. Every rule Zoom would enforce is checked here first, so bad
input gets a field error and no Zoom call is made."""

from __future__ import annotations

import itertools
import re
import zoneinfo
from functools import cache

from django import forms
from django.core.validators import validate_email

from apps.accounts.models import ZoomAccount

from .models import ZoomUser

CREATE_ACTIONS = [
    ("create", "Invite by email (the user confirms and sets a password)"),
    ("autoCreate", "Create with a password (managed domain)"),
    ("custCreate", "Create without a sign-in (API-only user)"),
    ("ssoCreate", "Pre-provision for single sign-on"),
]
TYPES = [(1, "Basic"), (2, "Licensed"), (4, "Unassigned without Meetings Basic")]
SSO_TYPES = [*TYPES, (99, "None (SSO only)")]
NAME_MAX = 64  # Zoom: first_name, last_name
EMAIL_MAX = 128  # Zoom: user_info.email
DEPT_MAX = 64


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [("", "(unchanged)")] + [(z, z) for z in sorted(zoneinfo.available_timezones()) if "/" in z]


def check_password(password: str) -> list[str]:
    """Zoom's basic password rule for autoCreate (users.openapi.json, user_info.password)."""
    problems = []
    if not 8 <= len(password) <= 32:
        problems.append("Use 8 to 32 characters.")
    if not re.search(r"[a-z]", password) or not re.search(r"[A-Z]", password):
        problems.append("Use both upper- and lowercase letters.")
    if not re.search(r"\d", password):
        problems.append("Use at least one digit.")
    if password and len(set(password)) == 1:
        problems.append("Do not repeat a single character.")
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    if len(password) > 1 and steps in ({1}, {-1}):
        problems.append("Do not use consecutive characters (12345678, abcdefgh).")
    return problems


class AddUserForm(forms.Form):
    action = forms.ChoiceField(choices=CREATE_ACTIONS, initial="create", label="How")
    email = forms.EmailField(max_length=EMAIL_MAX)
    first_name = forms.CharField(max_length=NAME_MAX, required=False)
    last_name = forms.CharField(max_length=NAME_MAX, required=False)
    type = forms.TypedChoiceField(choices=SSO_TYPES, coerce=int, initial=1, label="Licence type")
    dept = forms.CharField(max_length=DEPT_MAX, required=False, label="Department")
    password = forms.CharField(required=False, strip=False, widget=forms.PasswordInput(render_value=False),
                               help_text="Only for “Create with a password”: 8–32 characters, upper- and "
                                         "lowercase letters and a digit.")

    def __init__(self, *args, account: ZoomAccount, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if ZoomUser.objects.filter(account=self.account, email=email).exists():
            raise forms.ValidationError("This email is already a user of the account.")
        return email

    def clean(self) -> dict:
        data = super().clean()
        action = data.get("action")
        if data.get("type") == 99 and action != "ssoCreate":
            self.add_error("type", "“None” can only be used to pre-provision for single sign-on.")
        password = data.get("password") or ""
        if action == "autoCreate":
            if not password:
                self.add_error("password", "A password is needed to create the user with a password.")
            else:
                for problem in check_password(password):
                    self.add_error("password", problem)
        elif password:
            self.add_error("password", "Only “Create with a password” takes a password.")
        return data


class EditUserForm(forms.Form):
    first_name = forms.CharField(max_length=NAME_MAX, required=False)
    last_name = forms.CharField(max_length=NAME_MAX, required=False)
    type = forms.TypedChoiceField(choices=TYPES, coerce=int, label="Licence type")
    dept = forms.CharField(max_length=DEPT_MAX, required=False, label="Department")
    timezone = forms.ChoiceField(required=False, label="Time zone")

    def __init__(self, *args, user: ZoomUser, **kwargs):
        kwargs.setdefault("initial", {"first_name": user.first_name, "last_name": user.last_name,
                                      "type": user.type, "dept": user.dept, "timezone": user.timezone})
        super().__init__(*args, **kwargs)
        self.user = user
        choices = timezone_choices()
        if user.timezone and (user.timezone, user.timezone) not in choices:
            choices = [*choices, (user.timezone, user.timezone)]
        self.fields["timezone"].choices = choices
        if user.type not in dict(TYPES):
            self.fields["type"].choices = [*TYPES, (user.type, ZoomUser.Type(user.type).label
                                                    if user.type in ZoomUser.Type.values else str(user.type))]

    def changes(self) -> dict:
        """Only what differs from the mirror goes to Zoom."""
        current = {"first_name": self.user.first_name, "last_name": self.user.last_name, "type": self.user.type,
                   "dept": self.user.dept, "timezone": self.user.timezone}
        out = {}
        for name, old in current.items():
            new = self.cleaned_data.get(name)
            if name == "timezone" and not new:
                continue
            if new != old:
                out[name] = new
        return out


class RoleForm(forms.Form):
    role = forms.ChoiceField()

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        # The Owner role cannot be given (Zoom refuses it).
        self.fields["role"].choices = [(rid, name) for rid, name in roles if rid != "0"]


class GroupForm(forms.Form):
    group = forms.CharField(max_length=64, label="Group", widget=forms.Select)
    op = forms.ChoiceField(choices=[("add", "Add to group"), ("remove", "Remove from group")])

    def __init__(self, *args, user: ZoomUser, groups: dict[str, str], **kwargs):
        """``groups``: the account's groups (id → name) as last synced."""
        super().__init__(*args, **kwargs)
        self.user = user
        if groups:
            known = {**groups, **{g: groups.get(g, g) for g in user.group_ids}}
            self.fields["group"].widget.choices = [("", "Choose a group…"),
                                                   *sorted(known.items(), key=lambda item: (item[1].lower(), item[0]))]
        else:
            # Zoom lists groups for paid accounts only: without the list, the id is typed.
            self.fields["group"].widget = forms.TextInput()
            self.fields["group"].label = "Group ID"

    def clean(self) -> dict:
        data = super().clean()
        group, op = data.get("group"), data.get("op")
        if group and op == "remove" and group not in self.user.group_ids:
            self.add_error("group", "The user is not in this group.")
        if group and op == "add" and group in self.user.group_ids:
            self.add_error("group", "The user is already in this group.")
        if self.user.zoom_id.startswith("pending:"):
            raise forms.ValidationError("A pending user joins groups once they accept the invitation.")
        return data


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("activate", "Activate"), ("deactivate", "Deactivate")])


def find_transfer_target(account: ZoomAccount, value: str, exclude: ZoomUser | None) -> ZoomUser:
    """The user named by an email (or a Zoom id) must be another active user of the account."""
    value = (value or "").strip()
    target = ZoomUser.objects.filter(account=account).filter(email=value.lower()).first() or \
        ZoomUser.objects.filter(account=account, zoom_id=value).first()
    if target is None:
        raise forms.ValidationError("No user of this account has this email.")
    if exclude is not None and target.pk == exclude.pk:
        raise forms.ValidationError("Pick another user than the one being removed.")
    if target.status != ZoomUser.Status.ACTIVE:
        raise forms.ValidationError("Transfer to an active user.")
    return target


class RemoveUserForm(forms.Form):
    action = forms.ChoiceField(choices=[("delete", "Delete permanently"),
                                        ("disassociate", "Disassociate (the user keeps a Zoom account of their own)")],
                               widget=forms.RadioSelect, initial="delete")
    transfer_meetings = forms.BooleanField(required=False, initial=True, label="Meetings")
    transfer_webinars = forms.BooleanField(required=False, initial=True, label="Webinars")
    transfer_recordings = forms.BooleanField(required=False, initial=True, label="Cloud recordings")
    transfer_to = forms.CharField(required=False, max_length=EMAIL_MAX, label="Transfer to (email)")

    def __init__(self, *args, account: ZoomAccount, user: ZoomUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.account, self.user = account, user
        self.target: ZoomUser | None = None

    def clean(self) -> dict:
        data = super().clean()
        if self.user.status == ZoomUser.Status.PENDING and data.get("action") == "delete":
            self.add_error("action", "A pending user can only be disassociated (Zoom's rule).")
        transfers = any(data.get(f"transfer_{k}") for k in ("meetings", "webinars", "recordings"))
        value = data.get("transfer_to") or ""
        if transfers and not value:
            self.add_error("transfer_to", "Pick the user who receives them, or untick what to transfer.")
        elif value:
            try:
                validate_email(value)
                self.target = find_transfer_target(self.account, value, self.user)
            except forms.ValidationError as exc:
                self.add_error("transfer_to", exc)
        return data


class BulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("activate", "Activate"), ("deactivate", "Deactivate"),
                                        ("set_type", "Change type")])
    type = forms.TypedChoiceField(choices=TYPES, coerce=int, required=False, empty_value=None)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == "set_type" and not data.get("type"):
            self.add_error("type", "Pick the new type.")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns: email, first_name, last_name, type "
                                                        "(basic/licensed or 1/2), dept, action (optional).")
    MAX_BYTES = 2_000_000

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB: split it.")
        return upload
