"""Security headers on pages: a Content-Security-Policy with a script nonce and no inline style."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/", "/settings/", "/settings/roles/", "/settings/api-keys/", "/settings/audit/"]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [d.strip().split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def script_nonce(response) -> str:
    nonces = [s[len("'nonce-"):-1] for s in policy(response)["script-src"] if s.startswith("'nonce-")]
    assert len(nonces) == 1, policy(response)["script-src"]
    return nonces[0]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_page_carries_a_csp_with_a_script_nonce_and_no_inline_style(account, admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert "'self'" in csp["script-src"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert script_nonce(response)


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_script_tag_on_a_page_carries_the_nonce(account, admin_client, url):
    response = admin_client.get(url)
    nonce = script_nonce(response)
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts, "the page loads no script"
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag, tag


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_pages_hold_no_inline_style_the_policy_would_block(account, admin_client, url):
    html = admin_client.get(url).content.decode()
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)


def test_each_response_gets_a_fresh_nonce(account, admin_client):
    assert script_nonce(admin_client.get("/")) != script_nonce(admin_client.get("/"))


def test_the_sign_in_and_no_access_pages_carry_the_policy_too(nobody):
    for response in (Client().get("/accounts/login/"), client_for(nobody).get("/")):
        nonce = script_nonce(response)
        assert policy(response)["style-src"] == ["'self'"]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert f'nonce="{nonce}"' in tag, tag
