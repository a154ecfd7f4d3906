"""POST /oauth2/token and bearer-token authentication."""

from datetime import timedelta

import pytest

from accounts.models import AccessToken
from accounts.services import api_credential_revoke
from customers import selectors
from tests.api_personas import assert_error, bearer
from tests.factories import PASSWORD


def test_client_credentials_grant_returns_a_bearer_token(client, credential_a):
    response = client.post(
        "/oauth2/token",
        {
            "grant_type": "client_credentials",
            "client_id": str(credential_a.client_id),
            "client_secret": credential_a.secret,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    token = AccessToken.objects.get()
    assert token.user is None and body["access_token"] not in token.token_hash


def test_password_grant_acts_as_the_user(client, credential_a, admin_agent_a):
    response = client.post(
        "/oauth2/token",
        {
            "grant_type": "password",
            "client_id": str(credential_a.client_id),
            "username": admin_agent_a.username,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert AccessToken.objects.get().user == admin_agent_a


def test_password_grant_refuses_a_user_of_another_partner(client, credential_a, admin_agent_b):
    response = client.post(
        "/oauth2/token",
        {
            "grant_type": "password",
            "client_id": str(credential_a.client_id),
            "username": admin_agent_b.username,
            "password": PASSWORD,
        },
    )
    assert assert_error(response, 400)["errorName"] == "invalid_grant"


def test_bad_token_requests_are_refused_with_the_error_body(client, credential_a):
    cases = [
        ({"grant_type": "implicit", "client_id": str(credential_a.client_id)}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, 400, "invalid_request"),
        ({"grant_type": "client_credentials", "client_id": "not-a-uuid", "client_secret": "x"}, 401, "invalid_client"),
        (
            {"grant_type": "client_credentials", "client_id": str(credential_a.client_id), "client_secret": "wrong"},
            401,
            "invalid_client",
        ),
        ({"grant_type": "password", "client_id": str(credential_a.client_id)}, 400, "invalid_request"),
    ]
    for data, status, error in cases:
        assert assert_error(client.post("/oauth2/token", data), status)["errorName"] == error
    assert_error(client.post("/oauth2/token", "{not json", content_type="application/json"), 400)
    assert_error(client.get("/oauth2/token"), 405)


def test_revoked_credential_cannot_get_tokens(client, credential_a):
    api_credential_revoke(credential=credential_a, actor=None)
    response = client.post(
        "/oauth2/token",
        {
            "grant_type": "client_credentials",
            "client_id": str(credential_a.client_id),
            "client_secret": credential_a.secret,
        },
    )
    assert_error(response, 401)


@pytest.mark.schema_unchecked  # an unknown route on purpose
def test_unknown_v1_path_answers_json_404(client):
    body = assert_error(client.get("/v1/no-such-thing"), 404, 1000)
    assert body["source"] == "PartnerCenterSimulator"


@pytest.mark.schema_unchecked  # an unknown route on purpose
def test_request_and_correlation_ids_are_echoed_or_generated(client):
    response = client.get("/v1/no-such-thing", HTTP_MS_REQUESTID="req-1", HTTP_MS_CORRELATIONID="corr-1")
    assert response["MS-RequestId"] == "req-1" and response["MS-CorrelationId"] == "corr-1"
    generated = client.get("/v1/no-such-thing")
    assert len(generated["MS-RequestId"]) == 36 and len(generated["MS-CorrelationId"]) == 36


def test_expired_and_revoked_tokens_are_401(app_api, credential_a):
    token = AccessToken.objects.get()
    AccessToken.objects.filter(pk=token.pk).update(expires_at=token.expires_at - timedelta(hours=2))
    assert_error(app_api.get("/v1/customers"), 401)
    AccessToken.objects.filter(pk=token.pk).update(expires_at=token.expires_at, revoked_at=token.created_at)
    assert_error(app_api.get("/v1/customers"), 401)
    AccessToken.objects.filter(pk=token.pk).update(revoked_at=None)
    api_credential_revoke(credential=credential_a, actor=None)
    assert_error(app_api.get("/v1/customers"), 401)
    assert_error(bearer("garbage").get("/v1/customers"), 401)


@pytest.mark.schema_unchecked  # a server bug on purpose: no operation documents a 500
def test_an_unhandled_error_under_v1_is_a_json_500(app_api, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(selectors, "customer_list", boom)
    response = app_api.get("/v1/customers")
    assert_error(response, 500, 500)
    assert response["MS-RequestId"]
