"""Admin writes on one user: add, edit (profile, role, groups), status, remove, re-invite.

Each view validates locally, calls one service (Zoom first, then the mirror), and maps a
Zoom refusal onto the form field it belongs to; an invalid form re-renders with 200.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.users import listing, services
from apps.users.forms import AddUserForm, EditUserForm, GroupForm, RemoveUserForm, RoleForm, StatusForm
from apps.users.models import ZoomUser
from apps.users.services import NewUser, Removal
from apps.users.sync import group_names
from apps.zoom.writes import ZoomWriteError, show_error

from .common import user_or_404


def _done(request: HttpRequest, text: str, to: str, *args) -> HttpResponse:
    listing.after_write(request.account)
    messages.success(request, text)
    return redirect(to, *args)


@requires("admin")
def add(request: HttpRequest) -> HttpResponse:
    form = AddUserForm(request.POST or None, account=request.account)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        new = NewUser(action=d["action"], email=d["email"], type=d["type"], first_name=d["first_name"],
                      last_name=d["last_name"], dept=d["dept"], password=d["password"])
        try:
            user = services.create_user(request.account, new, request.user)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            verb = "Invited" if d["action"] == "create" else "Added"
            if user is None:
                return _done(request, f"{verb} {new.email}.", "users:list")
            return _done(request, f"{verb} {new.email}.", "users:detail", user.zoom_id)
    return render(request, "users/add.html", {"form": form})


def _roles(request: HttpRequest) -> list[tuple[str, str]]:
    return listing.filter_choices(request.account)["roles"]


def _edit_page(request: HttpRequest, user: ZoomUser, **forms_: forms.Form) -> HttpResponse:
    names = group_names(request.account)
    ctx = {
        "u": user,
        "form": forms_.get("form") or EditUserForm(user=user),
        "role_form": forms_.get("role_form") or RoleForm(initial={"role": user.role_id}, roles=_roles(request)),
        "group_form": forms_.get("group_form") or GroupForm(user=user, groups=names),
        "groups": [names.get(g, g) for g in user.group_ids],
    }
    return render(request, "users/edit.html", ctx)


@requires("admin")
def edit(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    form = EditUserForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.account, services.zoom_ref(user), user.email, form.changes(), request.user)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            return _done(request, f"Saved {user.email}.", "users:detail", user.zoom_id)
    return _edit_page(request, user, form=form)


@requires("admin")
@require_POST
def role(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    form = RoleForm(request.POST, roles=_roles(request))
    if form.is_valid():
        try:
            services.set_role(request.account, user, form.cleaned_data["role"], request.user)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            return _done(request, f"Changed the role of {user.email}.", "users:detail", user.zoom_id)
    return _edit_page(request, user, role_form=form)


@requires("admin")
@require_POST
def group(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    form = GroupForm(request.POST, user=user, groups=group_names(request.account))
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.change_group(request.account, user, d["group"], d["op"] == "add", request.user)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            return _done(request, f"Updated the groups of {user.email}.", "users:detail", user.zoom_id)
    return _edit_page(request, user, group_form=form)


@requires("admin")
@require_POST
def status(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Activate or Deactivate.")
        return redirect("users:detail", user.zoom_id)
    activate = form.cleaned_data["action"] == "activate"
    try:
        services.set_status(request.account, user, activate, request.user)
    except ZoomWriteError as exc:
        messages.error(request, exc.message)
        return redirect("users:detail", user.zoom_id)
    return _done(request, f"{'Activated' if activate else 'Deactivated'} {user.email}.", "users:detail", user.zoom_id)


@requires("admin")
def remove(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    initial = {"action": "disassociate"} if user.status == ZoomUser.Status.PENDING else None
    form = RemoveUserForm(request.POST or None, account=request.account, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        removal = Removal(action=d["action"], transfer_to=form.target, meetings=d["transfer_meetings"],
                          webinars=d["transfer_webinars"], recordings=d["transfer_recordings"])
        try:
            services.remove_user(request.account, user, removal, request.user)
        except ZoomWriteError as exc:
            show_error(form, exc)
        else:
            moved = f" Their content now belongs to {form.target.email}." if removal.transfers else ""
            verb = "Deleted" if d["action"] == "delete" else "Disassociated"
            return _done(request, f"{verb} {user.email}.{moved}", "users:list")
    return render(request, "users/remove.html", {"u": user, "form": form})


@requires("admin")
def reinvite(request: HttpRequest, zoom_id: str) -> HttpResponse:
    user = user_or_404(request, zoom_id)
    if user.status != ZoomUser.Status.PENDING:
        messages.error(request, "Only a pending user can be re-invited.")
        return redirect("users:detail", user.zoom_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            new = services.reinvite(request.account, user, request.user)
        except ZoomWriteError as exc:
            messages.error(request, exc.message)
            return redirect("users:list")
        target = ("users:detail", new.zoom_id) if new else ("users:list",)
        return _done(request, f"Invited {user.email} again.", *target)
    return render(request, "users/reinvite.html", {"u": user})
