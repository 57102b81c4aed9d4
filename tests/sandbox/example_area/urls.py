from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

from apps.sandbox.rest import paginate, zoom_api
from apps.sandbox.services import LIGHT

from .apps import RUNTIME_RESETS
from .models import ExampleNote


@zoom_api(LIGHT, "/example/notes", is_list=True)
def notes(request: HttpRequest) -> HttpResponse:
    # No .using(): the router must send this app's queries to the sandbox database by itself.
    rows = ExampleNote.objects.filter(account=request.zoom_account).order_by("id")
    return paginate(request, rows, lambda n: {"text": n.text}, key="notes")


def runtime_resets(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"resets": RUNTIME_RESETS[0]})


urlpatterns = [
    path("v2/example/notes", notes),
    path("_sandbox/example/resets", runtime_resets),
]
