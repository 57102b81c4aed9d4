"""``/jobs/``: the account's jobs, each linked to its own progress page; admins retry a failed
job and cancel an active one."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import has_access, requires
from apps.lib.htmx import polled
from apps.lib.paging import page_of

from . import pages, services
from .models import Job

PAGE_SIZE = 50


@dataclass
class Row:
    job: Job
    label: str
    url: str


def _job(request: HttpRequest, job_id: int) -> Job:
    found = Job.objects.filter(account=request.account, pk=job_id).first()
    if found is None:
        raise Http404("no such job")
    return found


@requires("read")
def job_list(request: HttpRequest) -> HttpResponse:
    page = page_of(Job.objects.filter(account=request.account).select_related("created_by"),
                   request.GET.get("page"), PAGE_SIZE)
    rows = [Row(job, pages.label(job.kind), pages.url(job)) for job in page]
    ctx = {"page": page, "rows": rows, "querystring": "", "can_manage": has_access(request, "admin"),
           "active": any(job.is_active for job in page)}
    return polled(request, "jobs/list.html", ctx, active=ctx["active"], partial="table")


def _audit(request: HttpRequest, action: str, job: Job) -> None:
    audit.record(action=action, account=request.account, actor=request.user, target_type="job",
                 target_id=str(job.pk), target_label=pages.label(job.kind))


@requires("admin")
@require_POST
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    label = pages.label(job.kind)
    if job.status != Job.Status.FAILED:
        state = job.get_status_display().lower()
        messages.error(request, f"Only a failed job can be retried: {label} #{job.pk} is {state}.")
    elif not services.retry(job):
        messages.error(request, f"Another {label} job is queued or running: wait for it to end, then retry.")
    else:
        _audit(request, "job.retried", job)
        messages.success(request, f"{label} #{job.pk} is queued again; it goes on from its last checkpoint.")
    return redirect("jobs:list")


@requires("admin")
@require_POST
def cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    label = pages.label(job.kind)
    if services.cancel(job):
        _audit(request, "job.cancelled", job)
        messages.success(request, f"{label} #{job.pk} is cancelled; it stops at its next step.")
    else:
        messages.error(request, f"{label} #{job.pk} is not running: there is nothing to cancel.")
    return redirect("jobs:list")
