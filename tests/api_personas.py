"""API personas: partner A's application (app-only token) and tokens for named users."""

import pytest
from rest_framework.test import APIClient

from accounts.services import access_token_issue, api_credential_create
from tests.factories import PASSWORD


@pytest.fixture
def credential_a(partner_a):
    credential, secret = api_credential_create(partner=partner_a, name="Integration", actor=None)
    credential.secret = secret
    return credential


@pytest.fixture
def credential_b(partner_b):
    credential, secret = api_credential_create(partner=partner_b, name="Integration B", actor=None)
    credential.secret = secret
    return credential


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def app_api(credential_a):
    """Partner A's application, app-only: made by the system, so granted admin agent (the default)."""
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret=credential_a.secret
    )
    return bearer(raw)


@pytest.fixture
def app_api_b(credential_b):
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential_b.client_id), client_secret=credential_b.secret
    )
    return bearer(raw)


@pytest.fixture
def api_as(credential_a):
    """api_as(user) -> a client with an app+user token of partner A's application for that user."""

    def sign_in(user, credential=None):
        credential = credential or credential_a
        raw, _ = access_token_issue(
            grant_type="password", client_id=str(credential.client_id), username=user.username, password=PASSWORD
        )
        return bearer(raw)

    return sign_in


def assert_error(response, status: int, code: int | None = None):
    """The response is Partner Center's error body with that status (and code)."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "description", "errorName", "data", "source"}, body
    if code is not None:
        assert body["code"] == code, body
    return body
