"""Azure API personas and the contract check: every /azure response in the suite matches /azure/openapi.json.

`arm_api` is partner A's application (app-only token), `arm_api_b` partner B's, `arm_as(user)` an app+user
token of partner A's application. Their clients validate each response against the published Azure schema
(status documented, body valid), so a response that departs from the contract fails the test that made it.
"""

import functools
import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import patched_settings
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from accounts.services import access_token_issue
from arm.schema import AZURE_SCHEMA_SETTINGS
from arm.versioning import API_VERSION
from tests.factories import PASSWORD

API = f"api-version={API_VERSION}"


@functools.cache
def azure_schema() -> dict:
    with patched_settings(AZURE_SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0's `nullable` and boolean exclusive bounds in JSON Schema's terms, everywhere in the tree."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    for bound, exclusive in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
        if converted.get(exclusive) is True:  # OpenAPI 3.0's boolean form; JSON Schema's is the bound itself
            converted[exclusive] = converted.pop(bound)
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@functools.cache
def _operations() -> list[tuple[re.Pattern, str, dict]]:
    operations = []
    for path, methods in azure_schema()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in methods.items():
            operations.append((pattern, method, operation))
    return operations


def _validate(body, schema: dict, where: str) -> None:
    schema = {**_json_schema(schema), "components": _json_schema(azure_schema()["components"])}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, f"{where}: " + "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])


def assert_matches_azure_schema(method: str, path: str, response) -> None:
    """A documented operation answers a documented status with a body matching its schema; anything else
    (an unknown route or method) must be a refusal in ARM's documented error envelope."""
    where = f"{method} {path} {response.status_code}"
    matches = [op for pattern, verb, op in _operations() if verb == method.lower() and pattern.match(path)]
    if not matches:
        assert response.status_code in (404, 405), f"{where}: not in /azure/openapi.json"
        _validate(response.json(), {"$ref": "#/components/schemas/Error"}, where)
        return
    documented = matches[0]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{where}: documented statuses are {sorted(documented)}"
    content = documented[status].get("content")
    if content:
        _validate(response.json(), content["application/json"]["schema"], where)


class ArmClient(APIClient):
    """A DRF test client whose every /azure response is checked against the published Azure schema (JSON bodies)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_format = "json"

    def request(self, **kwargs):
        response = super().request(**kwargs)
        path = kwargs["PATH_INFO"]
        if path.startswith("/azure/") and path not in ("/azure/openapi.json", "/azure/docs/"):
            assert_matches_azure_schema(kwargs["REQUEST_METHOD"], path, response)
        return response


def arm_client(token: str) -> ArmClient:
    client = ArmClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _app_token(credential) -> str:
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential.client_id), client_secret=credential.secret
    )
    return raw


@pytest.fixture
def arm_api(credential_a) -> ArmClient:
    """Partner A's application, app-only (admin agent rights), on the Azure API."""
    return arm_client(_app_token(credential_a))


@pytest.fixture
def arm_api_b(credential_b) -> ArmClient:
    return arm_client(_app_token(credential_b))


@pytest.fixture
def arm_anonymous() -> ArmClient:
    return ArmClient()


@pytest.fixture
def arm_as(credential_a):
    """arm_as(user) -> an Azure API client with an app+user token of partner A's application for that user."""

    def sign_in(user):
        raw, _ = access_token_issue(
            grant_type="password", client_id=str(credential_a.client_id), username=user.username, password=PASSWORD
        )
        return arm_client(raw)

    return sign_in


def assert_arm_error(response, status: int, code: str | None = None) -> dict:
    """The response is ARM's error envelope with that status (and code)."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
