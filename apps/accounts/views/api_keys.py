"""Settings → API keys (shown once, stored hashed, bound to the current account)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..access import requires
from ..apikeys import create_api_key, revoke_api_key
from ..forms import ApiKeyForm
from ..models import ApiKey


@requires("admin")
@never_cache  # the answer to a create holds the raw key: no cache may keep it
def api_keys(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _, new_key = create_api_key(request.account, form.cleaned_data["name"], request.user)
        form = ApiKeyForm()
    context = {
        "keys": ApiKey.objects.filter(account=request.account).select_related("created_by"),
        "form": form,
        "new_key": new_key,
        "tab": "api_keys",
    }
    return render(request, "accounts/settings/api_keys.html", context)


@requires("admin")
@require_POST
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=pk, account=request.account, revoked_at__isnull=True)
    revoke_api_key(key, request.user)
    messages.success(request, f"Revoked the key “{key.name}”.")
    return redirect("settings_api_keys")
