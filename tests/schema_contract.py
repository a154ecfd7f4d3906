"""Every /v1 response a test makes is checked against the published /v1/openapi.json.

An autouse fixture wraps Django's test Client (DRF's APIClient goes through it): for a request
under /v1/ it finds the operation by path and method, the response by status, and validates the
JSON body against that response's schema (jsonschema, formats checked). A response the schema does
not describe fails the test that made it. Tests that deliberately call outside the schema's paths
and methods (unknown routes, unsupported methods) opt out with `@pytest.mark.schema_unchecked`.
"""

import functools
import json
import re

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_URI = "urn:partnercenter:openapi"
NOT_OPERATIONS = ("/v1/openapi.json", "/v1/docs/")
_client_request = Client.request


def _as_json_schema(node):
    """OpenAPI 3.0's `nullable: true` as JSON Schema's null alternative, everywhere in the document."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


class Contract:
    """The published schema, its operations as path patterns, and a validator per response."""

    def __init__(self, document: dict):
        self.document = _as_json_schema(document)
        self.registry = Registry().with_resource(
            SCHEMA_URI, Resource.from_contents(self.document, default_specification=DRAFT202012)
        )
        templates = sorted(self.document["paths"], key=lambda path: path.count("{"))  # literal segments first
        self.paths = [(re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(p)) + "$"), p) for p in templates]

    def operation(self, method: str, path: str) -> tuple[str, dict] | None:
        """The path template and operation the schema lists for this request, or None."""
        template = next((template for pattern, template in self.paths if pattern.match(path)), None)
        operation = self.document["paths"].get(template, {}).get(method.lower()) if template else None
        return None if operation is None else (template, operation)

    def problems(self, method: str, path: str, status: int, content_type: str, content: bytes) -> list[str]:
        found = self.operation(method, path)
        if found is None:
            return [f"{method} {path} is not an operation of /v1/openapi.json"]
        template, operation = found
        responses = operation["responses"]
        key = str(status) if str(status) in responses else "default"
        if key not in responses:
            return [f"{method} {template} answered {status}, not a documented status ({', '.join(responses)})"]
        media = responses[key].get("content", {})
        if not content:
            return [] if not media else [f"{method} {template} {status}: empty body, the schema documents one"]
        if not content_type.startswith("application/json"):
            return [f"{method} {template} {status}: Content-Type {content_type!r}, the schema documents JSON"]
        if "application/json" not in media:
            return [f"{method} {template} {status}: a JSON body the schema does not document"]
        reference = _pointer("paths", template, method.lower(), "responses", key, "content", "application/json")
        validator = Draft202012Validator(
            {"$ref": f"{SCHEMA_URI}#/{reference}/schema"}, registry=self.registry, format_checker=FormatChecker()
        )
        body = json.loads(content)
        return [
            f"{method} {template} {status}: {'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
            for error in validator.iter_errors(body)
        ]


@pytest.fixture(scope="session")
def api_contract() -> Contract:
    """The schema as served at /v1/openapi.json (fetched once per test session)."""
    response = _client_request(Client(), PATH_INFO="/v1/openapi.json", REQUEST_METHOD="GET")
    assert response.status_code == 200, response.content[:500]
    return Contract(response.json())


@pytest.fixture(autouse=True)
def responses_match_schema(request, monkeypatch):
    """Fail the test on any /v1 response the published schema does not describe."""
    if request.node.get_closest_marker("schema_unchecked"):
        yield
        return
    contract = request.getfixturevalue("api_contract")

    @functools.wraps(_client_request)
    def checked(client, **environ):
        response = _client_request(client, **environ)
        path, method = response.request["PATH_INFO"], response.request["REQUEST_METHOD"]
        if path.startswith("/v1/") and not path.startswith(NOT_OPERATIONS) and not response.streaming:
            problems = contract.problems(
                method, path, response.status_code, response.get("Content-Type", ""), response.content
            )
            if problems:
                pytest.fail("Response departs from /v1/openapi.json:\n  " + "\n  ".join(problems[:10]))
        return response

    monkeypatch.setattr(Client, "request", checked)
    yield
