"""MS-RequestId: one effect per key, the first response replayed byte for byte, 409 on misuse."""

import threading
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.urls import resolve

from customers import services
from customers.models import Customer
from partnercenter import clock, tasks
from partnercenter.models import AuditRecord, IdempotencyRecord
from tests.api.operations import PARAMETER, operations
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


# Writes that move no money and change no order: repeating them is harmless without a key.
UNKEYED_WRITES = {
    ("post", "/v1/simulation/clock/freeze"),
    ("post", "/v1/simulation/clock/resume"),
    ("post", "/v1/customers/{customer_tenant_id}/entitlements/{entitlement_id}/productkey"),
    ("post", "/v1/customers/{customer_tenant_id}/entitlements/{entitlement_id}/downloadlinks"),
}


def test_every_other_write_takes_ms_requestid_and_documents_it():
    """A new POST/PATCH is keyed (and its schema says so) unless it is listed above as harmless."""
    for method, path, operation in operations():
        if method not in ("post", "patch", "put") or not path.startswith("/v1/"):
            continue
        view = resolve(PARAMETER.sub("00000000-0000-0000-0000-000000000000", path)).func.view_class
        keyed = getattr(getattr(view, method), "idempotent", False)
        assert keyed != ((method, path) in UNKEYED_WRITES), (method, path, keyed)
        if keyed:
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            assert "MS-RequestId" in headers and "409" in operation["responses"], (method, path)


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_while_the_first_is_still_running_is_409_then_replays(app_api, partner_a, monkeypatch):
    """The first request is held inside the service; its twin arrives meanwhile and is refused, not run."""
    inside, release = threading.Event(), threading.Event()
    create = services.customer_create

    def slow_create(**kwargs):
        inside.set()
        release.wait(10)
        return create(**kwargs)

    monkeypatch.setattr(services, "customer_create", slow_create)
    post = partial(app_api.post, "/v1/customers", new_customer_body(), format="json", HTTP_MS_REQUESTID="held")
    first = []
    worker = threading.Thread(target=lambda: (first.append(post()), connection.close()))
    worker.start()
    try:
        assert inside.wait(10)
        assert assert_error(post(), 409)["errorName"] == "RequestInProgress"
    finally:
        release.set()
        worker.join()
    assert first[0].status_code == 201
    assert post().content == first[0].content
    assert Customer.objects.filter(partner=partner_a).count() == 1


def test_keys_are_kept_for_at_least_24_hours_then_purged(app_api, settings):
    assert timedelta(hours=24) <= settings.API_IDEMPOTENCY_RETENTION
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "partnercenter.tasks.purge_idempotency_records" in beat
    for key in ("old", "young"):
        app_api.post("/v1/customers", new_customer_body(domain=key), format="json", HTTP_MS_REQUESTID=key)
    now = clock.wall_now()
    IdempotencyRecord.objects.filter(key="old").update(
        created_at=now - settings.API_IDEMPOTENCY_RETENTION - timedelta(minutes=1)
    )
    IdempotencyRecord.objects.filter(key="young").update(
        created_at=now - settings.API_IDEMPOTENCY_RETENTION + timedelta(minutes=5)
    )
    assert tasks.purge_idempotency_records() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young"]
    replay = app_api.post("/v1/customers", new_customer_body(domain="young"), format="json", HTTP_MS_REQUESTID="young")
    assert replay.status_code == 201 and Customer.objects.count() == 2
