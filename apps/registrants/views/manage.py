"""Admin pages: auto-decision rules (with a dry run), adding registrants by hand or CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import requires
from apps.jobs.models import Job
from apps.lib.htmx import partial_or_page, polled
from apps.registrants import imports
from apps.registrants.forms import AddRegistrantForm, ImportForm, RuleForm
from apps.registrants.listing import EventRef
from apps.registrants.models import Rule
from apps.registrants.rules import dry_run

IMPORT_SALT = "registrants.import"


def _rule(request: HttpRequest, pk: int) -> Rule:
    rule = Rule.objects.filter(account=request.account, pk=pk).first()
    if rule is None:
        raise Http404("no such rule")
    return rule


@requires("admin")
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "registrants/rules.html", {"rules": Rule.objects.filter(account=request.account)})


def _rule_form(request: HttpRequest, rule: Rule | None) -> HttpResponse:
    form = RuleForm(request.POST or None, instance=rule, account=request.account)
    preview = None
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        if "dry_run" in request.POST:
            preview = dry_run(request.account, candidate)
        else:
            created = candidate.pk is None
            if created:
                candidate.created_by = request.user
            candidate.save()
            audit.record(action="rule.created" if created else "rule.updated", account=request.account,
                         actor=request.user, target_type="rule", target_id=candidate.pk, target_label=candidate.name)
            messages.success(request, f"Rule “{candidate.name}” saved.")
            return redirect("registrants:rules")
    ctx = {"form": form, "rule": rule, "preview": preview}
    if preview is not None:  # a dry run: htmx swaps in the preview only
        return partial_or_page(request, "registrants/rule_form.html", ctx, partial="preview")
    return render(request, "registrants/rule_form.html", ctx)


@requires("admin")
def rule_new(request: HttpRequest) -> HttpResponse:
    return _rule_form(request, None)


@requires("admin")
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form(request, _rule(request, pk))


@requires("admin")
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rule(request, pk)
    audit.record(action="rule.deleted", account=request.account, actor=request.user, target_type="rule",
                 target_id=rule.pk, target_label=rule.name)
    rule.delete()
    messages.success(request, f"Rule “{rule.name}” deleted.")
    return redirect("registrants:rules")


@requires("admin")
def add(request: HttpRequest) -> HttpResponse:
    form = AddRegistrantForm(request.POST or None, account=request.account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = imports.Row(line=1, email=data["email"].lower(), first_name=data["first_name"].strip(),
                          last_name=data.get("last_name", "").strip())
        if imports.find_event(request.account, data["event"]) is None:
            form.add_error("event", "This event is not in the local copy: sync it first.")
        else:
            imports.add_one(request.account, data["event"], row, actor=request.user)
            if row.ok:
                messages.success(request, f"{row.email} is registered; the list refreshes in a moment.")
                return redirect("registrants:add")
            form.add_error(None, f"Zoom refused: {row.result}")
    return render(request, "registrants/add.html", {"form": form})


@requires("admin")
def import_csv(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("confirm"):
        return _import_confirmed(request)
    form = ImportForm(request.POST or None, request.FILES or None, account=request.account)
    ctx: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        ref: EventRef = form.cleaned_data["event"]
        rows, problem = imports.parse_csv(form.cleaned_data["file"])
        if problem:
            form.add_error("file", problem)
        elif imports.find_event(request.account, ref) is None:
            form.add_error("event", "This event is not in the local copy: sync it first.")
        else:
            valid = [r for r in rows if r.valid]
            ctx.update(rows=rows, valid_count=len(valid), event=str(ref),
                       auto_approve=form.cleaned_data["auto_approve"],
                       token=signing.dumps({"event": str(ref), "auto_approve": form.cleaned_data["auto_approve"],
                                            "rows": imports.rows_to_data(valid)}, salt=IMPORT_SALT, compress=True))
    return render(request, "registrants/import.html", ctx)


def _import_confirmed(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("token", ""), salt=IMPORT_SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(request, "The preview expired or was changed: upload the file again.")
        return redirect("registrants:import")
    ref = EventRef.parse(data["event"])
    if ref is None or imports.find_event(request.account, ref) is None:
        raise Http404("no such event")
    rows = imports.rows_from_data(data["rows"])
    job = imports.start_import(request.account, ref, rows, auto_approve=bool(data["auto_approve"]), user=request.user)
    return redirect("registrants:import_job", pk=job.pk)


@requires("admin")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = Job.objects.filter(account=request.account, kind=imports.IMPORT_KIND, pk=pk).first()
    if job is None:
        raise Http404("no such import")
    return polled(request, "registrants/import_job.html", {"job": job, "result": job.result or {}},
                  active=job.is_active)
