"""Bulk actions and CSV import as jobs, and the job's progress page."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.access import requires
from apps.jobs.models import Job
from apps.lib.htmx import polled
from apps.lib.selection import InvalidFilter, confirm_page, selected
from apps.users import bulk, listing
from apps.users.forms import BulkForm, ImportForm
from apps.users.models import ZoomUser

IMPORT_SALT = "users.import"
JOB_KINDS = (bulk.BULK_KIND, bulk.IMPORT_KIND)


def _list_url(querystring: str) -> str:
    return reverse("users:list") + (f"?{querystring}" if querystring else "")


@requires("admin")
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    querystring = request.POST.get("filter", "")
    back = _list_url(querystring)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action (and the new type to change the type).")
        return redirect(back)
    action = form.cleaned_data["action"]
    try:
        selection = selected(request, matching=lambda data: _matching(request, data, action),
                             checked=lambda values: _eligible(
                                 ZoomUser.objects.filter(account=request.account, zoom_id__in=values), action
                             ).values_list("zoom_id", flat=True))
    except InvalidFilter:
        messages.error(request, "The filter is not valid: nothing was changed.")
        return redirect(back)
    zoom_ids = selection.ids
    if not zoom_ids:
        messages.error(request, "Select at least one user (pending users cannot be activated or deactivated).")
        return redirect(back)
    if not selection.confirmed(request):
        label = dict(form.fields["action"].choices)[action]
        new_type = dict(form.fields["type"].choices).get(form.cleaned_data.get("type"))
        count = len(zoom_ids)
        return confirm_page(
            request, selection, noun="user",
            heading=f"{label} {count} user{pluralize(count)}{f' to {new_type}' if new_type else ''}?",
            button=f"{label} {count}", back=back, post_to=reverse("users:bulk"),
            explanation=". It runs as a job; each user's result is listed." if action == "set_type" else
            " (pending users are left out: Zoom cannot change their status). It runs as a job; each user's "
            "result is listed.",
            hidden={"action": action, "type": form.cleaned_data.get("type")})
    job = bulk.start_bulk(request.account, zoom_ids, action, form.cleaned_data.get("type"), request.user)
    return redirect(reverse("users:job", args=[job.pk]) + (f"?{querystring}" if querystring else ""))


def _eligible(qs, action: str):
    """Pending users cannot change status at Zoom; Zoom's owner is refused per user."""
    return qs if action == "set_type" else qs.exclude(status=ZoomUser.Status.PENDING)


def _matching(request: HttpRequest, data: QueryDict, action: str):
    filters = listing.parse_filters(data, request.account)
    if not filters.is_valid():
        return None
    return _eligible(listing.queryset(request.account, filters), action).values_list("zoom_id", flat=True)


@requires("read")
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = Job.objects.filter(account=request.account, kind__in=JOB_KINDS, pk=pk).first()
    if found is None:
        raise Http404("no such job")
    ctx = {"job": found, "result": found.result or {}, "back": _list_url(request.GET.urlencode()),
           "title": "Import" if found.kind == bulk.IMPORT_KIND else "Bulk change"}
    return polled(request, "users/job.html", ctx, active=found.is_active)


@requires("admin")
def import_csv(request: HttpRequest) -> HttpResponse:
    """Step 1 uploads and previews (nothing is sent); step 2 confirms the signed valid rows."""
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            rows = signing.loads(request.POST["confirm"], salt=IMPORT_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, "The preview expired: upload the file again.")
            return redirect("users:import")
        started = bulk.start_import(request.account, rows, request.user)
        return redirect("users:job", started.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file is not UTF-8 text.")
            return render(request, "users/import.html", ctx)
        valid, bad = bulk.parse_import(request.account, text)
        ctx.update({"valid": valid, "bad": bad, "previewed": True,
                    "token": signing.dumps(valid, salt=IMPORT_SALT, compress=True) if valid else ""})
    return render(request, "users/import.html", ctx)
