"""What the mirror holds, filled in by the domain apps from their ``AppConfig.ready()``.

Each resource names its model, the job kind that syncs it, and its place in a full sync
(the job kind it follows). The mirror itself names no domain model and no domain app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from apps.jobs import pages as job_pages


@dataclass(frozen=True, kw_only=True)
class Resource:
    name: str  # "users": the overview's row and the "Sync now" URL
    label: str  # "Users"
    kind: str  # the job kind of its sync, "sync.users"
    model: type[models.Model]  # counted on the overview
    # Job kinds "Sync now" starts: by default its own sync; registrants start the events'
    # syncs, which start one registrant sync per event with registration.
    sync_now: tuple[str, ...] = ()
    # Jobs that run alongside and show on this row (the groups' names with the users).
    alongside: tuple[str, ...] = ()
    # The job kind whose success starts this one in a full sync ("" for none).
    after: str = ""

    @property
    def jobs(self) -> tuple[str, ...]:
        return (self.kind, *self.alongside)

    @property
    def starts(self) -> tuple[str, ...]:
        return self.sync_now or (self.kind, *self.alongside)


@dataclass
class Registry:
    resources: dict[str, Resource] = field(default_factory=dict)
    # job kind -> the job kinds a full sync starts after it succeeds
    followers: dict[str, list[str]] = field(default_factory=dict)

    def register(self, resource: Resource) -> None:
        if resource.name in self.resources:
            raise ValueError(f"mirror resource {resource.name!r} is registered twice")
        self.resources[resource.name] = resource
        job_pages.register(resource.kind, f"{resource.label} sync")  # its row on /jobs/
        if resource.after:
            self.follow(resource.kind, after=resource.after)

    def follow(self, kind: str, *, after: str) -> None:
        """In a full sync, start ``kind`` once ``after`` succeeded."""
        queue = self.followers.setdefault(after, [])
        if kind not in queue:
            queue.append(kind)


REGISTRY = Registry()
register = REGISTRY.register
follow = REGISTRY.follow
FIRST = "sync.users"  # a full sync starts here: meetings and webinars are listed per host
