"""Walks every URL pattern as anonymous, viewer, approver, admin and an admin of
another account, and checks each answer against the access the view declares."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.access import ACCESS
from tests.conftest import client_for

# Views that are guarded by something other than a session role.
PUBLIC_ROUTE_PREFIX = "accounts/"  # sign-in itself: django-allauth's views and redirects
API_KEY_GUARDED = "api"  # views that declare required_role = "api" (Token auth)
SIGNATURE_GUARDED = "webhook"  # views that declare required_role = "webhook" (Zoom's x-zm-signature)


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def all_views():
    return list(walk(get_resolver().url_patterns))


def guard_of(callback, route: str = "") -> str:
    if route.startswith(PUBLIC_ROUTE_PREFIX):
        module = getattr(callback, "__module__", "") or ""
        assert module.startswith(("allauth.", "django.views.generic", "apps.accounts.zoom_provider")), route
        return "public"
    if getattr(callback, "required_role", None) == API_KEY_GUARDED:
        return "api"
    if getattr(callback, "required_role", None) == SIGNATURE_GUARDED:
        return "webhook"
    if hasattr(callback, "required_access"):
        return callback.required_access
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if getattr(view_class, "required_role", None) == API_KEY_GUARDED:
        return "api"
    return "undeclared"


def test_every_view_declares_its_access():
    undeclared = [route for route, p in all_views() if guard_of(p.callback, route) == "undeclared"]
    assert undeclared == []


# Sample values for route parameters: (first or second path segment, parameter) ->
# (value, whether it names an object of one account, which an outsider must not reach).
# Each area's test folder provides its own in ``access_samples.py`` (``samples(account)``,
# which creates the objects), so a new app adds a file and edits nothing here.
SAMPLE_MODULES = sorted(Path(__file__).resolve().parent.parent.glob("*/access_samples.py"))


@pytest.fixture
def objects(account, admin) -> dict[tuple[str, str], tuple[object, bool]]:
    found: dict[tuple[str, str], tuple[object, bool]] = {}
    for path in SAMPLE_MODULES:
        module = importlib.import_module(f"tests.{path.parent.name}.access_samples")
        for key, value in module.samples(account).items():
            assert key not in found, f"{path} repeats the sample for {key}"
            found[key] = value
    return found


def concrete_url(route: str, p: URLPattern, objects) -> tuple[str, bool]:
    """Fill a route's parameters with objects of the admin's own account."""
    url = "/" + route
    scoped = False
    segments = route.split("/")
    for name in p.pattern.converters:
        found = [objects.get((segment, name)) for segment in segments[:2]]
        value = next((f for f in found if f), None)
        assert value is not None, f"add sample data for {route}"
        url = re.sub(r"<(?:\w+:)?" + name + ">", str(value[0]), url)
        scoped = scoped or value[1]
    return url, scoped


def own_routes():
    return [(route, p) for route, p in all_views() if guard_of(p.callback, route) in ACCESS]


@pytest.mark.django_db
def test_the_access_matrix(account, admin, approver, viewer, outsider, objects):
    personas = {"anonymous": Client(), "viewer": client_for(viewer), "approver": client_for(approver),
                "admin": client_for(admin), "outsider": client_for(outsider)}
    roles = {"viewer": "viewer", "approver": "approver", "admin": "admin", "outsider": "admin"}
    checked = 0
    for route, p in own_routes():
        level = p.callback.required_access
        url, names_an_object = concrete_url(route, p, objects)
        for persona, client in personas.items():
            answers = [client.get(url), client.post(url, {})]
            for method, response in zip(("GET", "POST"), answers, strict=True):
                where = f"{persona} {method} {url} ({level})"
                if response.status_code == 405:
                    continue  # the other method is the real one
                if persona == "anonymous":
                    assert response.status_code == 302 and "/accounts/login/" in response["Location"], where
                elif level == "signed_in" or roles[persona] in ACCESS[level]:
                    if persona == "outsider" and names_an_object:
                        assert response.status_code == 404, where  # not their account's object
                    else:
                        assert response.status_code in (200, 302), where
                else:
                    assert response.status_code == 403, where
                    assert b"No access" in response.content, where
                checked += 1
            assert any(r.status_code != 405 for r in answers), f"{url} answers neither GET nor POST"
    assert checked > 0


@pytest.mark.django_db
def test_a_person_without_any_role_sees_no_access_everywhere(nobody):
    client = client_for(nobody)
    for route, p in own_routes():
        if p.pattern.converters or p.callback.required_access == "signed_in":
            continue
        response = client.get("/" + route)
        assert response.status_code in (403, 405), route
        if response.status_code == 403:
            assert b"no role in any Zoom account" in response.content


@pytest.mark.django_db
def test_api_views_answer_401_without_a_key():
    api_routes = [route for route, p in all_views() if guard_of(p.callback, route) == "api"]
    assert api_routes
    for route in api_routes:
        url = "/" + route.replace("<str:pk>", "zoc_missing")
        response = Client().get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_webhook_views_answer_401_to_an_unsigned_post(account, objects):
    webhook_routes = [route for route, p in all_views() if guard_of(p.callback, route) == "webhook"]
    assert webhook_routes
    body = {"event": "meeting.created", "event_ts": 1, "payload": {"account_id": account.zoom_account_id}}
    for route in webhook_routes:
        response = Client().post("/" + route, body, content_type="application/json")
        assert response.status_code == 401, route
