"""Report results: fetched windows (reused when wholly past), merged rows of a run, and
the overview's cached snapshots. A run itself is a jobs.Job of kind ``report.<type>``."""

from __future__ import annotations

from django.db import models


class ReportWindow(models.Model):
    """What Zoom answered for one window of one report (all pages), per account.

    ``complete`` is set when the last page arrived; a complete window fetched after it
    ended holds history that no longer changes, so later runs reuse it."""

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="+")
    # The run that fetched it (each run fills its own row; a later run may reuse it).
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    report_type = models.CharField(max_length=40)
    params_key = models.CharField(max_length=200, blank=True, default="")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    rows = models.JSONField(default=list, blank=True)
    pages = models.PositiveIntegerField(default=0)
    complete = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["account", "report_type", "params_key", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.report_type} {self.start}..{self.end}"


class ReportRow(models.Model):
    """One row of a run's merged result, in the order Zoom gave (or the merge made) it."""

    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="report_rows")
    position = models.PositiveIntegerField()
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["job", "position"])]

    def __str__(self) -> str:
        return f"row {self.position} of job {self.job_id}"


class Snapshot(models.Model):
    """A cached answer for the overview (last 30 days of usage, live meetings)."""

    account = models.ForeignKey("accounts.ZoomAccount", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "name"], name="one_snapshot_per_name")]

    def __str__(self) -> str:
        return f"{self.name} of account {self.account_id}"
