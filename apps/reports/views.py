"""Report pages: the list of types and runs, a form per type, a run's progress and result, CSV."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import requires
from apps.jobs import services as jobs
from apps.jobs.models import Job
from apps.lib.htmx import polled

from . import charts, services
from .forms import ReportForm
from .types import TYPES
from .windows import RangeRefused


def _run(request: HttpRequest, run_id: int) -> Job:
    return get_object_or_404(services.runs(request.account), pk=run_id)


@requires("read")
def report_list(request: HttpRequest) -> HttpResponse:
    runs = list(services.runs(request.account)[:50])
    for run in runs:
        run.title = TYPES[run.params["type"]].title if run.params.get("type") in TYPES else run.kind
    return render(request, "reports/list.html", {"types": TYPES.values(), "runs": runs})


@requires("read")
def new_report(request: HttpRequest, slug: str) -> HttpResponse:
    rtype = TYPES.get(slug)
    if rtype is None:
        raise Http404("unknown report")
    form = ReportForm(rtype, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start(request.account, request.user, rtype, form.values())
        except RangeRefused as exc:
            form.add_error(None, str(exc))
        else:
            audit.record(action="report.started", account=request.account, actor=request.user, target_type="job",
                         target_id=job.pk, target_label=rtype.title)
            return redirect("reports:run", run_id=job.pk)
    return render(request, "reports/form.html", {"rtype": rtype, "form": form})


def _context(request: HttpRequest, job: Job) -> dict:
    rtype = services.report_type(job)
    context = {"job": job, "rtype": rtype, "form_values": services.form_values(job),
               "waiting_until": services.waiting_until(job), "checkpoint": job.checkpoint or {}}
    if job.status == Job.Status.SUCCEEDED:
        sort = request.GET.get("sort", "")
        descending = request.GET.get("dir") == "desc"
        context.update(
            page=services.table_page(job, sort, descending, request.GET.get("page")),
            sort=sort, descending=descending, totals=job.result.get("totals", {}),
            chart=charts.for_run(rtype, job.result.get("chart") or []),
        )
    return context


@requires("read")
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    job = _run(request, run_id)
    return render(request, "reports/run.html", _context(request, job))


@requires("read")
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress bar, polled by htmx; once the run has ended polling stops (286) and the
    page reloads to show the table, which is outside the progress bar."""
    job = _run(request, run_id)
    response = polled(request, "reports/run.html", _context(request, job), active=job.is_active)
    if not job.is_active:
        response["HX-Refresh"] = "true"
    return response


@requires("read")
@require_POST
def cancel_run(request: HttpRequest, run_id: int) -> HttpResponse:
    job = _run(request, run_id)
    if jobs.cancel(job):
        audit.record(action="report.cancelled", account=request.account, actor=request.user, target_type="job",
                     target_id=job.pk, target_label=services.report_type(job).title)
        messages.info(request, "The report was cancelled.")
    return redirect("reports:run", run_id=job.pk)


@requires("read")
@require_POST
def rerun(request: HttpRequest, run_id: int) -> HttpResponse:
    job = _run(request, run_id)
    rtype = services.report_type(job)
    try:
        new = services.start(request.account, request.user, rtype, services.form_values(job))
    except RangeRefused as exc:
        messages.error(request, str(exc))
        return redirect("reports:list")
    return redirect("reports:run", run_id=new.pk)


@requires("read")
def run_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    job = _run(request, run_id)
    if job.status != Job.Status.SUCCEEDED:
        raise Http404("this run has no result")
    return services.export(job, f"{job.params['type']}-{job.pk}.csv")
