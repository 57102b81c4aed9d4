"""Where each kind of job shows its own progress, and what to call it: a registry the apps
above fill from their ``AppConfig.ready()`` (jobs may not import them), read by ``/jobs/``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .models import Job


@dataclass(frozen=True)
class JobPage:
    label: str
    url_name: str = ""  # a URL that takes the job's pk; empty when the kind has no page


PAGES: dict[str, JobPage] = {}


def register(kind: str, label: str, url_name: str = "") -> None:
    if kind in PAGES and PAGES[kind] != JobPage(label, url_name):
        raise ValueError(f"job kind {kind!r} is registered twice")
    PAGES[kind] = JobPage(label, url_name)


def label(kind: str) -> str:
    page = PAGES.get(kind)
    return page.label if page else kind


def url(job: Job) -> str:
    page = PAGES.get(job.kind)
    return reverse(page.url_name, args=[job.pk]) if page and page.url_name else ""
