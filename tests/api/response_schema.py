"""Validate a response body against the operation's response schema in the published OpenAPI document."""

from functools import cache

import jsonschema

from tests.api.operations import schema


@cache
def _document() -> dict:
    return schema()


def assert_matches_schema(response, method: str, path: str) -> None:
    """The JSON body of `response` is valid for `method path` and its status in /v1/openapi.json."""
    document = _document()
    operation = document["paths"][path][method.lower()]
    declared = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**declared, "components": document["components"]})
