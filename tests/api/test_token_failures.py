"""POST /oauth2/token: failed attempts have a budget per client_id and per username; successes never use it."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import AccessToken
from accounts.services import TokenError, access_token_issue, api_credential_create
from tests.api_personas import assert_error
from tests.concurrency import run_concurrently
from tests.factories import PASSWORD


@pytest.fixture
def three_failures(settings):
    settings.API_TOKEN_FAILURE_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def secret_grant(credential, secret):
    return {"grant_type": "client_credentials", "client_id": str(credential.client_id), "client_secret": secret}


def password_grant(credential, username, password):
    return {
        "grant_type": "password",
        "client_id": str(credential.client_id),
        "username": username,
        "password": password,
    }


def test_failed_attempts_beyond_the_budget_get_429_with_retry_after(client, credential_a, three_failures):
    for _ in range(3):
        assert_error(client.post("/oauth2/token", secret_grant(credential_a, "wrong")), 401)

    refused = client.post("/oauth2/token", secret_grant(credential_a, "wrong"))

    body = assert_error(refused, 429, 429)
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert body["errorName"] == "TooManyRequests" and "Try again in" in body["description"]


def test_over_the_budget_even_the_right_secret_is_refused_so_429_reveals_nothing(client, credential_a, three_failures):
    for _ in range(3):
        client.post("/oauth2/token", secret_grant(credential_a, "wrong"))

    assert_error(client.post("/oauth2/token", secret_grant(credential_a, credential_a.secret)), 429, 429)
    assert not AccessToken.objects.exists()


def test_successes_never_use_the_budget(client, credential_a, three_failures):
    for _ in range(2):
        client.post("/oauth2/token", secret_grant(credential_a, "wrong"))

    for _ in range(5):
        assert client.post("/oauth2/token", secret_grant(credential_a, credential_a.secret)).status_code == 200

    assert_error(client.post("/oauth2/token", secret_grant(credential_a, "wrong")), 401)  # the third failure
    assert_error(client.post("/oauth2/token", secret_grant(credential_a, "wrong")), 429)
    assert AccessToken.objects.count() == 5


def test_a_username_has_its_own_budget_across_client_ids(
    client, partner_a, credential_a, admin_agent_a, three_failures
):
    """Guessing one user's password through several applications still stops at the budget."""
    other, _secret = api_credential_create(partner=partner_a, name="Second app", actor=None)
    for credential in (credential_a, other, credential_a):
        client.post("/oauth2/token", password_grant(credential, admin_agent_a.username, "guess"))

    assert_error(client.post("/oauth2/token", password_grant(other, admin_agent_a.username, PASSWORD)), 429, 429)
    # The application itself still has budget for another user.
    assert client.post("/oauth2/token", secret_grant(credential_a, credential_a.secret)).status_code == 200


def test_budgets_are_per_client_id(client, credential_a, credential_b, three_failures):
    for _ in range(4):
        client.post("/oauth2/token", secret_grant(credential_a, "wrong"))

    assert client.post("/oauth2/token", secret_grant(credential_b, credential_b.secret)).status_code == 200
    assert_error(client.post("/oauth2/token", secret_grant(credential_b, "wrong")), 401)


def test_the_service_refuses_with_status_429_and_retry_after(credential_a, three_failures):
    for _ in range(3):
        with pytest.raises(TokenError):
            access_token_issue(
                grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret="x"
            )

    with pytest.raises(TokenError) as refused:
        access_token_issue(
            grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret=credential_a.secret
        )

    assert refused.value.status == 429 and 1 <= refused.value.retry_after <= 60


@pytest.mark.django_db(transaction=True)
def test_concurrent_guesses_cannot_slip_past_the_budget(credential_a, three_failures):
    """Each attempt is counted before it is checked, so 12 simultaneous guesses get exactly 3 evaluated."""

    def guess():
        response = Client().post("/oauth2/token", secret_grant(credential_a, "wrong"))
        return response.status_code

    outcomes = run_concurrently(guess, 12)

    assert sorted(outcomes) == [401] * 3 + [429] * 9
