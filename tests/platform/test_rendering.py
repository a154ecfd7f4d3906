"""API bodies through orjson are the bytes DRF's JSONRenderer made; Accept is still negotiated."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from partnercenter.api.rendering import OrjsonRenderer

BODY = {
    "when": datetime(2030, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    "day": date(2030, 1, 2),
    "amount": Decimal("12.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "label": gettext_lazy("Customers"),
    "text": 'città \u2028 line \u2029 paragraph, "quoted" and <b>',
    "nested": [{"n": 1, "none": None, "ok": True}, 1.5],
    7: "a number key",
}


def test_the_same_bytes_as_drfs_renderer():
    ours = OrjsonRenderer().render(BODY, "application/json", {})
    assert ours == JSONRenderer().render(BODY, "application/json", {})
    assert b'"when":"2030-01-02T03:04:05.678901Z"' in ours and b'"amount":12.5' in ours
    assert b"\\u2028" in ours and "\u2028".encode() not in ours


def test_an_indent_asked_for_in_accept_is_honoured():
    assert OrjsonRenderer().render({"a": 1}, "application/json; indent=2", {}) == b'{\n  "a": 1\n}'


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "application/*", "application/json; indent=2"])
def test_accept_is_negotiated_as_before(app_api, accept):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = app_api.get("/v1/customers", **headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["attributes"] == {"objectType": "Collection"}
