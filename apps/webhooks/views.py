"""The Zoom event endpoint (signature-guarded) and Settings → Webhook events."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from apps.accounts import audit
from apps.accounts.access import requires
from apps.lib.htmx import partial_or_page

from . import listing, services
from .models import WebhookEvent

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def zoom_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, store, answer; a worker applies the event. The body is never logged."""
    try:
        incoming = services.verify(
            request.body,
            request.headers.get("x-zm-signature", ""),
            request.headers.get("x-zm-request-timestamp", ""),
        )
        if incoming.event_type == services.URL_VALIDATION:
            return JsonResponse(services.url_validation_answer(incoming))
    except services.Rejected as exc:
        logger.warning("zoom webhook rejected (%s): %s", exc.status, exc.reason)
        return JsonResponse({"error": exc.reason}, status=exc.status)
    services.store(incoming)
    return HttpResponse(status=200)


# Guarded by Zoom's signature, not a session: the access-matrix test classifies it by this.
zoom_webhook.required_role = "webhook"  # type: ignore[attr-defined]


@requires("admin")
def events(request: HttpRequest) -> HttpResponse:
    filters = listing.parse_filters(request.GET, request.account)
    page = Paginator(listing.queryset(request.account, filters), listing.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "querystring": listing.querystring(filters), "tab": "webhooks",
               "status": filters.cleaned_data["status"] if filters.is_valid() else ""}
    return partial_or_page(request, "webhooks/events.html", context, partial="results")


@requires("admin")
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(WebhookEvent, pk=pk, account=request.account)
    if services.retry(event):
        audit.record(action="webhook.retried", account=request.account, actor=request.user,
                     target_type="webhook_event", target_id=str(event.pk), target_label=event.event_type)
        messages.success(request, f"Event {event.event_type} queued again.")
    else:
        messages.info(request, "Only failed events can be retried.")
    return redirect("settings_webhooks")
