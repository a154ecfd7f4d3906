"""The /v1 operations as the OpenAPI schema lists them, and their URLs filled with real ids.

Tests that must cover every endpoint walk this list, so a new endpoint is covered the day it is
added (the conventions test proves the schema lists every /v1 route).
"""

import re

from drf_spectacular.generators import SchemaGenerator

PARAMETER = re.compile(r"\{(\w+)\}")


def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations() -> list[tuple[str, str, dict]]:
    """(method, path, operation) for every documented operation."""
    return [
        (method, path, operation)
        for path, methods in schema()["paths"].items()
        for method, operation in methods.items()
    ]


def url_for(path: str, ids: dict) -> str:
    """`path` with each {parameter} replaced by ids[parameter]; fails naming a parameter ids lacks."""
    missing = set(PARAMETER.findall(path)) - set(ids)
    assert not missing, f"{path}: give a row of partner A for {sorted(missing)} in the rows_of_a fixture"
    return PARAMETER.sub(lambda match: str(ids[match.group(1)]), path)
