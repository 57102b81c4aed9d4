"""Settings → People and roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import audit, sessions
from ..access import requires
from ..forms import RoleChangeForm, RoleGrantForm
from ..models import Membership
from ..roles import RoleError, change_role, grant_role, remove_role, set_external


def _page(request: HttpRequest, form: RoleGrantForm | None = None) -> HttpResponse:
    context = {
        "memberships": request.account.memberships.select_related("user", "granted_by"),
        "form": form or RoleGrantForm(),
        "role_choices": RoleChangeForm.base_fields["role"].choices,
        "tab": "roles",
    }
    return render(request, "accounts/settings/roles.html", context)


@requires("admin")
def roles(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    form = RoleGrantForm(request.POST)
    if form.is_valid():
        try:
            grant_role(request.account, form.cleaned_data["email"], form.cleaned_data["role"], by=request.user,
                       external=form.cleaned_data["external"])
        except RoleError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, f"{form.cleaned_data['email']} is now {form.cleaned_data['role']}.")
            return redirect("settings_roles")
    return _page(request, form)


@requires("admin")
@require_POST
def role_update(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, account=request.account)
    try:
        if request.POST.get("remove"):
            remove_role(membership, by=request.user)
            messages.success(request, f"Removed {membership.email}.")
        elif request.POST.get("external") in ("0", "1"):
            set_external(membership, request.POST["external"] == "1", by=request.user)
            kind = "external" if membership.external else "tied to the Zoom account"
            messages.success(request, f"{membership.email}'s role is {kind}.")
        else:
            form = RoleChangeForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choose a valid role.")
            else:
                change_role(membership, form.cleaned_data["role"], by=request.user)
                messages.success(request, f"{membership.email} is now {membership.get_role_display()}.")
    except RoleError as exc:
        messages.error(request, str(exc))
    return redirect("settings_roles")


@requires("admin")
def role_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's sessions; POST signs them out everywhere (audited)."""
    membership = get_object_or_404(Membership, pk=pk, account=request.account)
    if request.method == "POST":
        ended = sessions.end_all(membership.user) if membership.user is not None else 0
        audit.record(action="sessions.ended", account=request.account, actor=request.user, target_type="membership",
                     target_id=membership.pk, target_label=membership.email, detail={"sessions": ended})
        messages.success(request, f"Signed {membership.email} out everywhere ({ended} session(s)).")
        return redirect("settings_role_sessions", pk=membership.pk)
    live = sessions.live_sessions(membership.user) if membership.user is not None else []
    return render(request, "accounts/settings/sessions.html",
                  {"membership": membership, "sessions": live, "tab": "roles"})
