"""URLconf of the webhook benchmark only: the real endpoint next to a bare view that only
stores the body (into the same table). Never part of the shipped URLconf."""

from __future__ import annotations

import json
import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from apps.webhooks.models import WebhookEvent
from apps.webhooks.views import zoom_webhook


@csrf_exempt
def bare(request: HttpRequest) -> HttpResponse:
    WebhookEvent.objects.create(event_type="bare", dedupe_key=uuid.uuid4().hex, payload=json.loads(request.body),
                                status=WebhookEvent.Status.IGNORED)
    return HttpResponse(status=200)


urlpatterns = [
    path("webhooks/zoom/", zoom_webhook),
    path("bare/", bare),
]
