"""ARM's conventions on every /azure route: auth, api-version, tenant, envelope, headers, operation status."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.urls import get_resolver
from drf_spectacular.validation import validate_schema

from arm.services import operation_record
from tests.azure_api import API, ArmClient, assert_arm_error, azure_schema


def _op_url(tenant_id, operation_id, query=API) -> str:
    return f"/azure/{tenant_id}/providers/Microsoft.Capacity/operationResults/{operation_id}?{query}"


@pytest.fixture
def operation(partner_a, customer_a):
    return operation_record(
        partner=partner_a,
        tenant_id=customer_a.tenant_id,
        action="Microsoft.Capacity/reservationOrders/write",
        resource_id=f"/providers/Microsoft.Capacity/reservationOrders/{uuid.uuid4()}",
    )


def test_the_operation_resource_reports_its_status(arm_api, customer_a, operation):
    response = arm_api.get(_op_url(customer_a.tenant_id, operation.operation_id))
    assert response.status_code == 200, response.content
    assert response.json() == {
        "id": f"/providers/Microsoft.Capacity/operationResults/{operation.operation_id}",
        "name": str(operation.operation_id),
        "status": "Succeeded",
        "startTime": operation.started_at.isoformat().replace("+00:00", "Z"),
        "endTime": operation.ended_at.isoformat().replace("+00:00", "Z"),
        "error": None,
    }


def test_an_operation_is_found_only_under_its_partner_and_tenant(
    arm_api, arm_api_b, customer_a, customer_b, partner_a, operation
):
    other_customer = type(customer_a).objects.create(
        partner=partner_a,
        company_name="Gamma",
        domain="gamma.onmicrosoft.com",
        market="US",
        first_name="A",
        last_name="B",
        email="a@gamma.example",
        address_line1="1 Way",
        city="Austin",
        state="TX",
        postal_code="73301",
        created_at=customer_a.created_at,
    )
    assert_arm_error(arm_api.get(_op_url(other_customer.tenant_id, operation.operation_id)), 404, "OperationNotFound")
    assert_arm_error(arm_api_b.get(_op_url(customer_a.tenant_id, operation.operation_id)), 404, "InvalidTenantId")
    assert_arm_error(arm_api_b.get(_op_url(customer_b.tenant_id, operation.operation_id)), 404, "OperationNotFound")
    assert_arm_error(arm_api.get(_op_url(customer_a.tenant_id, uuid.uuid4())), 404, "OperationNotFound")
    assert_arm_error(arm_api.get(_op_url(customer_a.tenant_id, "not-a-guid")), 400, "InvalidOperationId")


def test_api_version_is_required_and_checked(arm_api, customer_a, operation):
    error = assert_arm_error(arm_api.get(_op_url(customer_a.tenant_id, operation.operation_id, "")), 400)
    assert error == {
        "code": "MissingApiVersionParameter",
        "message": "The api-version query parameter (?api-version=) is required for all requests.",
    }
    error = assert_arm_error(
        arm_api.get(_op_url(customer_a.tenant_id, operation.operation_id, "api-version=2017-11-01")), 400
    )
    assert error["code"] == "InvalidApiVersionParameter"
    assert "'2017-11-01' is invalid" in error["message"] and "2022-11-01" in error["message"]


def test_a_token_is_checked_before_anything_else(arm_anonymous, customer_a, operation):
    url = _op_url(customer_a.tenant_id, operation.operation_id, "")
    response = arm_anonymous.get(url)
    assert_arm_error(response, 401, "AuthenticationFailed")
    assert response["WWW-Authenticate"].startswith("Bearer")
    arm_anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_arm_error(arm_anonymous.get(url), 401, "InvalidAuthenticationToken")


def test_another_partners_customer_tenant_is_not_found(arm_api, customer_b):
    error = assert_arm_error(arm_api.get(_op_url(customer_b.tenant_id, uuid.uuid4())), 404, "InvalidTenantId")
    assert str(customer_b.tenant_id) in error["message"]


def test_unknown_routes_methods_and_bad_query_answer_in_arms_envelope(arm_api, customer_a, operation):
    assert_arm_error(arm_api.get(f"/azure/{customer_a.tenant_id}/providers/Microsoft.Nope/things?{API}"), 404)
    assert_arm_error(arm_api.get("/azure/not-a-tenant/providers/Microsoft.Capacity/reservationOrders"), 404)
    response = ArmClient.delete(arm_api, _op_url(customer_a.tenant_id, operation.operation_id))
    assert_arm_error(response, 405, "HttpMethodNotSupported")
    nul = arm_api.get(_op_url(customer_a.tenant_id, operation.operation_id) + "&x=%00")
    assert_arm_error(nul, 400, "BadRequest")


def test_every_response_carries_arm_request_headers(arm_api, customer_a, operation):
    response = arm_api.get(
        _op_url(customer_a.tenant_id, operation.operation_id),
        HTTP_X_MS_CLIENT_REQUEST_ID="client-1",
        HTTP_X_MS_CORRELATION_REQUEST_ID="corr-1",
    )
    assert response["x-ms-client-request-id"] == "client-1"
    assert response["x-ms-correlation-request-id"] == "corr-1"
    assert uuid.UUID(response["x-ms-request-id"])
    refused = arm_api.get(_op_url(customer_a.tenant_id, operation.operation_id, ""))
    assert uuid.UUID(refused["x-ms-request-id"]) and uuid.UUID(refused["x-ms-correlation-request-id"])


def test_throttled_requests_answer_429_with_retry_after(settings, arm_api, customer_a, operation):
    settings.API_THROTTLE_RATE = "2/min"
    cache.clear()
    url = _op_url(customer_a.tenant_id, operation.operation_id)
    assert [arm_api.get(url).status_code for _ in range(2)] == [200, 200]
    response = arm_api.get(url)
    assert_arm_error(response, 429, "TooManyRequests")
    assert int(response["Retry-After"]) >= 1
    cache.clear()


def test_the_azure_schema_is_valid_and_documents_every_azure_route():
    schema = azure_schema()
    validate_schema(schema)

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for route in walk(get_resolver().url_patterns)
        if route.startswith("azure/")
    } - {"/azure/openapi.json", "/azure/docs/"}
    assert routes and routes == set(schema["paths"])
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            names = {p["name"] for p in operation["parameters"]}
            assert {"api-version", "customer_tenant_id"} <= names, (method, path)
            assert {"400", "401", "403", "404", "429"} <= set(operation["responses"]), (method, path)


def test_v1_and_azure_publish_separate_documents(client):
    v1 = client.get("/v1/openapi.json").json()
    azure = client.get("/azure/openapi.json").json()
    assert not [path for path in v1["paths"] if path.startswith("/azure/")]
    assert azure["paths"] and all(path.startswith("/azure/") for path in azure["paths"])
    docs = client.get("/azure/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content


def _azure_operations() -> list[tuple[str, str]]:
    return [(method, path) for path, methods in azure_schema()["paths"].items() for method in methods]


def _fill(path: str, tenant_id) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path.replace("{customer_tenant_id}", str(tenant_id)))


@pytest.mark.parametrize(("method", "path"), _azure_operations())
def test_every_azure_operation_checks_token_then_api_version_then_tenant(
    arm_anonymous, arm_api, customer_a, customer_b, method, path
):
    own = _fill(path, customer_a.tenant_id)
    assert_arm_error(getattr(arm_anonymous, method)(f"{own}?{API}", {}), 401, "AuthenticationFailed")
    assert_arm_error(getattr(arm_api, method)(own, {}), 400, "MissingApiVersionParameter")
    assert_arm_error(getattr(arm_api, method)(f"{own}?api-version=2018-06-01", {}), 400, "InvalidApiVersionParameter")
    foreign = _fill(path, customer_b.tenant_id)
    assert_arm_error(getattr(arm_api, method)(f"{foreign}?{API}", {}), 404, "InvalidTenantId")
