"""Hostile input on every /v1 operation: a 4xx with Partner Center's error body, never a 500 or a page.

The operations come from the OpenAPI schema and their ids from partner A's real rows, so each
request reaches the view (not a 404 for a made-up id) and new endpoints are covered when added.
"""

import pytest

from accounts.models import Role
from tests.api.operations import operations, url_for
from tests.api_personas import assert_error

BAD_BODIES = {
    "malformed JSON": "{",
    "nested too deep for the decoder": "[" * 50_000 + "]" * 50_000,
    "NUL in a string": '{"a": "x\\u0000"}',
    "unpaired surrogate": '{"a": "\\ud800"}',
}
ODD_BODIES = {
    "a list": "[1, 2]",
    "a string": '"x"',
    "wrong types": '{"companyProfile": 5, "billingProfile": [], "lineItems": "x", "status": [], "to": 1, "by": {}}',
    "too large": '{"a": "' + "x" * 3_000_000 + '"}',
}


@pytest.fixture
def api(api_as, make_user):
    """A user of partner A holding every role: no operation stops at 403 before reading its input."""
    return api_as(make_user(*Role))


def refused_cleanly(response, label) -> None:
    assert response.status_code < 500, (label, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code)


def test_bad_bodies_on_every_write_are_400(api, rows_of_a):
    writes = [(m, p, op) for m, p, op in operations() if m in ("post", "patch", "put") and p.startswith("/v1/")]
    assert writes
    for method, path, operation in writes:
        url = url_for(path, rows_of_a)
        call = getattr(api, method)
        for label, body in BAD_BODIES.items():
            response = call(url, body, content_type="application/json")
            if "requestBody" in operation:  # a view that reads its body refuses it
                assert response.status_code == 400, (method, path, label, response.content[:300])
            refused_cleanly(response, (method, path, label))
        for label, body in ODD_BODIES.items():
            refused_cleanly(call(url, body, content_type="application/json"), (method, path, label))
        refused_cleanly(call(url, "a=b", content_type="application/x-www-form-urlencoded"), (method, path, "form"))


def test_bad_queries_on_every_operation_are_400(api, rows_of_a):
    for method, path, operation in operations():
        if not path.startswith("/v1/"):
            continue
        url = url_for(path, rows_of_a)
        call = getattr(api, method)
        assert_error(call(f"{url}?filter=%00"), 400)
        names = {parameter["name"] for parameter in operation.get("parameters", []) if parameter["in"] == "query"}
        if "size" in names:
            for size in ("0", "abc", "100000", "9" * 400):
                assert_error(call(f"{url}?size={size}"), 400)
        if "continuationToken" in names:
            assert_error(call(f"{url}?continuationToken=forged"), 400)
            assert_error(call(url, HTTP_MS_CONTINUATIONTOKEN="forged"), 400)
        for date_name in {"startDate", "endDate"} & names:
            for value in ("yesterday", "2026-02-30", "9999-12-31", "0000-01-01"):
                assert_error(call(f"{url}?{date_name}={value}"), 400)


def test_control_characters_in_request_ids_are_400(app_api):
    for header in ("HTTP_MS_REQUESTID", "HTTP_MS_CORRELATIONID"):
        response = app_api.get("/v1/customers", **{header: "a\x00b"})
        assert_error(response, 400)
        assert len(response["MS-RequestId"]) == 36  # a generated id, not the client's bytes echoed
