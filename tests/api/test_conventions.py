"""Conventions every /v1 operation follows: 401 without a token, the OpenAPI contract, throttling."""

import json
import re
import uuid

import pytest
from django.core.cache import cache
from django.urls import get_resolver
from drf_spectacular.validation import validate_schema

from accounts.services import access_token_issue, api_credential_create
from tests.api.operations import operations
from tests.api.operations import schema as openapi_schema
from tests.api_personas import assert_error, bearer

PUBLIC = {"/oauth2/token"}


@pytest.fixture
def schema():
    return openapi_schema()


def test_schema_validates_and_documents_every_v1_route(schema):
    validate_schema(schema)

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r) for r in walk(get_resolver().url_patterns) if r.startswith("v1/")}
    routes -= {"v1/openapi.json", "v1/docs/"}
    assert {f"/{route}" for route in routes} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["bearer"]["description"],
    }
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            expected = {"400", "401"} if path in PUBLIC else {"401", "403", "429"}
            if "{" in path:
                expected.add("404")  # an id outside the tenant, or no such row
            if "requestBody" in operation:
                expected.add("400")  # a body can be malformed or invalid
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if "MS-RequestId" in headers:
                expected.add("409")  # the idempotency key reused or still running
            assert expected <= set(operation["responses"]), (method, path, expected - set(operation["responses"]))


def test_openapi_json_and_swagger_ui_are_served_without_network(client):
    response = client.get("/v1/openapi.json")
    assert response.status_code == 200 and "/v1/customers" in json.loads(response.content)["paths"]
    page = client.get("/v1/docs/")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content and b"https://" not in page.content.replace(b"https://github", b"")


@pytest.mark.parametrize(("method", "path"), [(method, path) for method, path, _ in operations()])
def test_every_operation_refuses_a_missing_or_bad_token(db, client, path, method):
    if path in PUBLIC:
        return
    url = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
    call = getattr(client, method)
    response = call(url, content_type="application/json") if method in ("post", "patch", "put") else call(url)
    body = assert_error(response, 401, 400)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["errorName"] == "AccessDenied"
    bad = call(url, HTTP_AUTHORIZATION="Bearer nope")
    assert_error(bad, 401)


@pytest.fixture
def low_rate(settings):
    settings.API_THROTTLE_RATE = "3/min"
    cache.clear()
    yield
    cache.clear()


def test_throttling_answers_429_with_retry_after(app_api, low_rate):
    for _ in range(3):
        assert app_api.get("/v1/customers").status_code == 200
    throttled = app_api.get("/v1/customers")
    body = assert_error(throttled, 429, 429)
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert "Try again in" in body["description"]


def test_throttling_counts_per_customer_across_credentials(app_api, partner_a, customer_a, low_rate):
    """Two applications of partner A share the per-customer budget; other calls don't use it."""
    second, secret = api_credential_create(partner=partner_a, name="Second app", actor=None)
    raw, _ = access_token_issue(grant_type="client_credentials", client_id=str(second.client_id), client_secret=secret)
    other_app = bearer(raw)
    url = f"/v1/customers/{customer_a.tenant_id}"
    assert app_api.get(url).status_code == 200
    assert app_api.get(url).status_code == 200
    assert other_app.get(url).status_code == 200
    assert_error(other_app.get(url), 429)  # the customer's budget, not this credential's (2 calls so far)
    assert other_app.get("/v1/customers").status_code == 200


def test_other_credentials_are_not_throttled_by_a_busy_one(app_api, app_api_b, low_rate):
    for _ in range(4):
        app_api.get("/v1/customers")
    assert app_api_b.get("/v1/customers").status_code == 200
