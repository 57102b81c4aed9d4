"""The sandbox's OAuth endpoints, through Django's test client."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from sandbox_helpers import (
    REDIRECT_URI,
    authorize_url,
    basic,
    bearer,
    code_from,
    consent,
    token_request,
    tokens_for,
)

from apps.sandbox.demo import (
    ADMIN_APP,
    DEMO_ADMIN_EMAIL,
    DEMO_MEMBER_EMAIL,
    DEMO_OWNER_EMAIL,
    OTHER_ACCOUNT_OWNER_EMAIL,
    OTHER_S2S_APP,
    S2S_APP,
    USER_APP,
    demo_account_ids,
)

pytestmark = [pytest.mark.urls("apps.sandbox.urls"), pytest.mark.django_db(databases=["sandbox"])]

INVALID_GRANT = {"reason": "Invalid Token!", "error": "invalid_grant"}


def advance(client: Client, seconds: float) -> None:
    response = client.post("/_sandbox/clock", {"advance_seconds": seconds}, content_type="application/json")
    assert response.status_code == 200


def test_the_consent_page_lists_the_users_of_every_account_with_name_email_account_and_role(
    client: Client, zoom: dict
) -> None:
    page = client.get(authorize_url(ADMIN_APP))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Sandbox Admin App" in html
    assert "&lt;owner@northwind.example&gt; – Northwind Events – Owner" in html
    assert "&lt;member@northwind.example&gt; – Northwind Events – Member" in html
    assert "&lt;admin@contoso.example&gt; – Contoso Learning – Admin" in html
    assert 'type="radio"' in html and "Authorize" in html
    assert "<script" not in html and "style=" not in html


def test_an_admin_authorizes_and_is_sent_back_with_a_code_and_the_state(client: Client, zoom: dict) -> None:
    response = consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == ["st4te"] and query["code"][0]


def test_the_code_becomes_tokens_shaped_like_zooms(client: Client, zoom: dict) -> None:
    data = tokens_for(client, ADMIN_APP, DEMO_OWNER_EMAIL)
    assert set(data) == {"access_token", "token_type", "refresh_token", "expires_in", "scope", "api_url"}
    assert data["token_type"] == "bearer"
    assert data["expires_in"] == 3599
    assert data["api_url"] == "http://testserver"
    assert "user:read:admin" in data["scope"].split()


def test_an_authorization_code_works_only_once(client: Client, zoom: dict) -> None:
    code = code_from(consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL))
    params = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    assert token_request(client, ADMIN_APP, **params).status_code == 200
    again = token_request(client, ADMIN_APP, **params)
    assert again.status_code == 400
    assert again.json() == INVALID_GRANT


def test_a_code_expires_after_ten_minutes(client: Client, zoom: dict) -> None:
    code = code_from(consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL))
    advance(client, 601)
    response = token_request(client, ADMIN_APP, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI)
    assert response.status_code == 400
    assert response.json() == INVALID_GRANT


def test_a_code_is_refused_with_another_redirect_uri(client: Client, zoom: dict) -> None:
    code = code_from(consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL))
    response = token_request(
        client, ADMIN_APP, grant_type="authorization_code", code=code, redirect_uri="http://evil.example/cb"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_is_refused_for_another_app(client: Client, zoom: dict) -> None:
    code = code_from(consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL))
    response = token_request(client, USER_APP, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI)
    assert response.json() == INVALID_GRANT


def test_a_member_is_refused_for_the_admin_managed_app(client: Client, zoom: dict) -> None:
    response = consent(client, ADMIN_APP, DEMO_MEMBER_EMAIL)
    assert response.status_code == 403
    assert "Only an admin can authorize this app" in response.content.decode()


def test_a_member_can_authorize_the_user_managed_app(client: Client, zoom: dict) -> None:
    data = tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)
    me = client.get("/v2/users/me", **bearer(data["access_token"])).json()
    assert me["email"] == DEMO_MEMBER_EMAIL
    assert me["role_name"] == "Member"


def test_the_token_belongs_to_the_chosen_users_account(client: Client, zoom: dict) -> None:
    data = tokens_for(client, ADMIN_APP, OTHER_ACCOUNT_OWNER_EMAIL)
    me = client.get("/v2/users/me", **bearer(data["access_token"])).json()
    assert me["account_id"] == demo_account_ids(1)[1]
    assert me["company"] == "Contoso Learning"


def test_an_unknown_client_id_gets_an_error_page(client: Client, zoom: dict) -> None:
    response = client.get(authorize_url(("no-such-app", "x")))
    assert response.status_code == 400
    assert "client_id" in response.content.decode()


def test_a_consent_without_redirect_uri_is_refused(client: Client, zoom: dict) -> None:
    assert client.get("/oauth/authorize?response_type=code&client_id=sandbox-admin-app").status_code == 400


def test_a_refresh_returns_a_new_refresh_token_and_a_working_access_token(client: Client, zoom: dict) -> None:
    first = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    response = token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    me = client.get("/v2/users/me", **bearer(second["access_token"]))
    assert me.json()["email"] == DEMO_ADMIN_EMAIL


def test_it_refuses_a_used_refresh_token(client: Client, zoom: dict) -> None:
    first = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=first["refresh_token"])
    again = token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert again.status_code == 400
    assert again.json() == INVALID_GRANT


def test_a_refresh_token_expires_after_90_days(client: Client, zoom: dict) -> None:
    first = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    advance(client, 89 * 86400)
    second = token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=first["refresh_token"]).json()
    advance(client, 90 * 86400 + 1)
    response = token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=second["refresh_token"])
    assert response.json() == INVALID_GRANT


def test_account_credentials_give_an_s2s_token_without_a_refresh_token(client: Client, zoom: dict) -> None:
    account_id = demo_account_ids(1)[0]
    response = token_request(client, S2S_APP, grant_type="account_credentials", account_id=account_id)
    assert response.status_code == 200
    data = response.json()
    assert "refresh_token" not in data
    assert data["token_type"] == "bearer" and data["expires_in"] == 3599
    me = client.get("/v2/users/me", **bearer(data["access_token"])).json()
    assert me["email"] == DEMO_OWNER_EMAIL and me["account_id"] == account_id


def test_account_credentials_may_come_in_the_query_string(client: Client, zoom: dict) -> None:
    account_id = demo_account_ids(1)[1]
    response = client.post(
        f"/oauth/token?grant_type=account_credentials&account_id={account_id}",
        HTTP_AUTHORIZATION=basic(OTHER_S2S_APP),
    )
    assert response.status_code == 200


def test_account_credentials_are_refused_for_a_non_s2s_app(client: Client, zoom: dict) -> None:
    response = token_request(client, ADMIN_APP, grant_type="account_credentials", account_id=demo_account_ids(1)[0])
    assert response.status_code == 400
    assert response.json() == {"reason": "unsupported grant type", "error": "unsupported_grant_type"}


def test_account_credentials_are_refused_for_another_account(client: Client, zoom: dict) -> None:
    response = token_request(client, S2S_APP, grant_type="account_credentials", account_id=demo_account_ids(1)[1])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_bad_client_secret_is_refused_with_401(client: Client, zoom: dict) -> None:
    response = token_request(client, (ADMIN_APP[0], "wrong"), grant_type="refresh_token", refresh_token="x")
    assert response.status_code == 401
    assert response.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_a_token_request_without_client_auth_is_refused_with_401(client: Client, zoom: dict) -> None:
    response = client.post("/oauth/token", {"grant_type": "refresh_token", "refresh_token": "x"})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_an_unsupported_grant_type_is_refused(client: Client, zoom: dict) -> None:
    response = token_request(client, ADMIN_APP, grant_type="password")
    assert response.status_code == 400
    assert response.json() == {"reason": "unsupported grant type", "error": "unsupported_grant_type"}


def test_missing_parameters_are_an_invalid_request(client: Client, zoom: dict) -> None:
    assert token_request(client, ADMIN_APP).json()["error"] == "invalid_request"
    assert token_request(client, ADMIN_APP, grant_type="refresh_token").json()["error"] == "invalid_request"
    response = token_request(client, ADMIN_APP, grant_type="authorization_code", code="abc")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_revoking_a_refresh_token_stops_the_whole_grant_family(client: Client, zoom: dict) -> None:
    data = tokens_for(client, ADMIN_APP, DEMO_ADMIN_EMAIL)
    response = client.post(f"/oauth/revoke?token={data['refresh_token']}", HTTP_AUTHORIZATION=basic(ADMIN_APP))
    assert response.status_code == 200
    assert response.json() == {"status": "success"}
    assert client.get("/v2/users/me", **bearer(data["access_token"])).json() == {
        "code": 124,
        "message": "Invalid access token.",
    }
    refreshed = token_request(client, ADMIN_APP, grant_type="refresh_token", refresh_token=data["refresh_token"])
    assert refreshed.json() == INVALID_GRANT


def test_revoking_an_access_token_in_the_form_body_stops_its_refresh_token(client: Client, zoom: dict) -> None:
    data = tokens_for(client, USER_APP, DEMO_MEMBER_EMAIL)
    response = client.post("/oauth/revoke", {"token": data["access_token"]}, HTTP_AUTHORIZATION=basic(USER_APP))
    assert response.json() == {"status": "success"}
    refreshed = token_request(client, USER_APP, grant_type="refresh_token", refresh_token=data["refresh_token"])
    assert refreshed.json() == INVALID_GRANT


def test_revoking_needs_client_auth(client: Client, zoom: dict) -> None:
    response = client.post("/oauth/revoke?token=abc", HTTP_AUTHORIZATION=basic((USER_APP[0], "nope")))
    assert response.status_code == 401


# --- PKCE (RFC 7636) ----------------------------------------------------------------


VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"  # RFC 7636 appendix B


def pkce_code(client: Client, method: str = "S256", challenge: str = CHALLENGE) -> str:
    return code_from(consent(client, ADMIN_APP, DEMO_ADMIN_EMAIL, code_challenge=challenge,
                             code_challenge_method=method))


def exchange(client: Client, code: str, **verifier: str):
    return token_request(client, ADMIN_APP, grant_type="authorization_code", code=code, redirect_uri=REDIRECT_URI,
                         **verifier)


def test_a_pkce_code_becomes_tokens_with_the_right_s256_verifier(client: Client, zoom: dict) -> None:
    response = exchange(client, pkce_code(client), code_verifier=VERIFIER)
    assert response.status_code == 200 and response.json()["access_token"]


@pytest.mark.parametrize("verifier", [{}, {"code_verifier": "x" * 43}, {"code_verifier": CHALLENGE}])
def test_a_pkce_code_is_refused_without_the_right_verifier(client: Client, zoom: dict, verifier) -> None:
    code = pkce_code(client)
    response = exchange(client, code, **verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    # A failed attempt spends the code: nothing is left to guess again with.
    assert exchange(client, code, code_verifier=VERIFIER).status_code == 400


def test_an_unknown_challenge_method_gets_an_error_page(client: Client, zoom: dict) -> None:
    page = client.get(authorize_url(ADMIN_APP, code_challenge=CHALLENGE, code_challenge_method="S512"))
    assert page.status_code == 400
