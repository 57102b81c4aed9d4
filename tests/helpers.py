"""Helpers shared by the dashboard's tests: drive the sandbox's consent page over HTTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from tests.sandbox.sandbox_helpers import user_choice


def authorization_code(
    sandbox_url: str, client_id: str, email: str, redirect_uri: str, state: str = "s", **params: str
) -> str:
    """Consent at the sandbox as ``email`` and return the authorization code. ``params`` go to the
    authorize URL too (``code_challenge``, ``code_challenge_method``)."""
    query = urlencode({"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "state": state,
                       **params})
    url = f"{sandbox_url}/oauth/authorize?{query}"
    page = requests.get(url, timeout=10)
    page.raise_for_status()
    answer = requests.post(url, data={"user": user_choice(page.text, email)}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for another process to reach the same (test) database."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"
