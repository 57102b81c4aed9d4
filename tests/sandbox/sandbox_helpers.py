"""Helpers for the sandbox's tests: drive the OAuth flow through Django's test client."""

from __future__ import annotations

import base64
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from django.test import Client

REDIRECT_URI = "http://127.0.0.1:8000/zoom/callback"


def basic(app: tuple[str, str]) -> str:
    return "Basic " + base64.b64encode(f"{app[0]}:{app[1]}".encode()).decode()


def authorize_url(app: tuple[str, str], redirect_uri: str = REDIRECT_URI, state: str = "st4te", **extra: str) -> str:
    query = {"response_type": "code", "client_id": app[0], "redirect_uri": redirect_uri, "state": state, **extra}
    return "/oauth/authorize?" + urlencode(query)


def user_choice(html: str, email: str) -> str:
    """The radio value for ``email`` on the consent page."""
    match = re.search(
        r'value="(\d+)"[^>]*>\s*<label for="user-\d+">[^<]*&lt;' + re.escape(email) + "&gt;", html
    )
    assert match, f"{email} is not on the consent page"
    return match.group(1)


def consent(client: Client, app: tuple[str, str], email: str, **kwargs: Any) -> Any:
    """Open the consent page, pick ``email`` and press Authorize; returns the POST's response."""
    url = authorize_url(app, **kwargs)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {"user": user_choice(page.content.decode(), email)})


def code_from(response: Any) -> str:
    assert response.status_code == 302, response.content
    return parse_qs(urlsplit(response["Location"]).query)["code"][0]


def token_request(client: Client, app: tuple[str, str], **data: str) -> Any:
    return client.post("/oauth/token", data, HTTP_AUTHORIZATION=basic(app))


def tokens_for(client: Client, app: tuple[str, str], email: str) -> dict[str, Any]:
    """The whole authorization-code flow, as ``email``."""
    code = code_from(consent(client, app, email))
    response = token_request(
        client, app, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI
    )
    assert response.status_code == 200, response.content
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
