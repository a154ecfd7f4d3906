"""MS-RequestId: one effect per key, the first response replayed byte for byte, 409 on misuse."""

from datetime import timedelta

import pytest

from customers.models import Customer
from partnercenter.models import AuditRecord, IdempotencyRecord
from tests.api.test_customers import new_customer_body
from tests.api_personas import assert_error
from tests.concurrency import run_concurrently


def test_twenty_sequential_retries_create_one_customer_with_identical_bytes(app_api, partner_a):
    responses = [
        app_api.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="key-1") for _ in range(20)
    ]
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1
    assert {r["Location"] for r in responses} == {responses[0]["Location"]}
    assert Customer.objects.filter(partner=partner_a).count() == 1
    assert AuditRecord.objects.filter(operation_type="add_customer").count() == 1


def test_same_key_with_a_different_body_is_409(app_api):
    first = app_api.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="key-2")
    assert first.status_code == 201
    other = app_api.post("/v1/customers", new_customer_body(domain="other"), format="json", HTTP_MS_REQUESTID="key-2")
    assert assert_error(other, 409)["errorName"] == "IdempotencyKeyReused"
    assert Customer.objects.count() == 1


def test_a_refusal_is_replayed_too_and_keys_are_per_application(app_api, app_api_b):
    bad = new_customer_body(domain="Bad Domain")
    first = app_api.post("/v1/customers", bad, format="json", HTTP_MS_REQUESTID="key-3")
    again = app_api.post("/v1/customers", bad, format="json", HTTP_MS_REQUESTID="key-3")
    assert first.status_code == again.status_code == 400 and first.content == again.content
    # Partner B's application uses the same key for its own request: independent.
    assert (
        app_api_b.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="key-3").status_code
        == 201
    )


def test_without_a_key_every_request_is_new(app_api):
    app_api.post("/v1/customers", new_customer_body(domain="one"), format="json")
    app_api.post("/v1/customers", new_customer_body(domain="two"), format="json")
    assert Customer.objects.count() == 2 and not IdempotencyRecord.objects.exists()


def test_overlong_key_is_400(app_api):
    assert_error(app_api.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="k" * 256), 400)


def test_a_key_past_retention_starts_afresh(app_api, settings):
    app_api.post("/v1/customers", new_customer_body(domain="first"), format="json", HTTP_MS_REQUESTID="key-4")
    settings.API_IDEMPOTENCY_RETENTION = timedelta(0)
    second = app_api.post("/v1/customers", new_customer_body(domain="second"), format="json", HTTP_MS_REQUESTID="key-4")
    assert second.status_code == 201 and Customer.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_with_one_key_make_one_customer(app_api, partner_a):
    """Threads on their own connections: one request does the work, the others wait-free get 409 or the replay."""
    responses = run_concurrently(
        lambda: app_api.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="race-key"), 20
    )
    assert Customer.objects.filter(partner=partner_a).count() == 1
    created = [r for r in responses if r.status_code == 201]
    assert len(created) >= 1 and len({r.content for r in created}) == 1
    for refused in (r for r in responses if r.status_code != 201):
        assert assert_error(refused, 409)["errorName"] == "RequestInProgress"
    replay = app_api.post("/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="race-key")
    assert replay.content == created[0].content
