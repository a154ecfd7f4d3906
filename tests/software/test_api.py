"""GET /v1/customers/{id}/entitlements and the productkey/downloadlinks operations."""

from datetime import timedelta

import pytest

from commerce.services import order_cancel
from partnercenter.models import AuditRecord
from simulation.services import clock_advance
from software.serializers import entitlement_id
from tests.api_personas import assert_error
from tests.software_purchases import NOT_ADMIN_AGENT_ROLES, PERPETUAL, SQL_ENTERPRISE


@pytest.fixture
def app_api(api_as, admin_agent_a):
    """Partner A's admin agent through its application: these operations are App+User only."""
    return api_as(admin_agent_a)


@pytest.fixture
def app_api_b(api_as, admin_agent_b, credential_b):
    return api_as(admin_agent_b, credential_b)


def entitlements_url(customer):
    return f"/v1/customers/{customer.tenant_id}/entitlements"


def test_entitlements_in_partner_center_shape(buy, customer_a, app_api, django_assert_max_num_queries):
    purchase = buy(customer_a, quantity=3)
    for _ in range(4):
        buy(customer_a)

    with django_assert_max_num_queries(12):
        response = app_api.get(entitlements_url(customer_a), {"entitlementType": "software"})

    body = response.json()
    assert response.status_code == 200
    assert body["totalCount"] == 5
    first = body["items"][0]
    assert first["referenceOrder"] == {
        "id": purchase.order_line.order.order_id,
        "lineItemId": "0",
        "alternateId": purchase.order_line.order.alternate_id,
    }
    assert first["productId"] == "DG7GMGF0D65N" and first["skuId"] == "0001"
    assert first["quantity"] == 3
    assert first["quantityDetails"] == [{"quantity": 3, "status": "Fulfilled"}]
    assert first["entitlementType"] == "software" and first["entitledArtifacts"] == []


def test_cancellation_shows_in_the_api_only_after_the_delay(buy, customer_a, partner_a, admin_agent_a, app_api):
    purchase = buy(customer_a, quantity=2)
    order_cancel(customer=customer_a, order_id=purchase.order_line.order.order_id, actor=admin_agent_a)

    clock_advance(partner=partner_a, by=timedelta(minutes=14, seconds=59))
    before = app_api.get(entitlements_url(customer_a)).json()["items"][0]
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    after = app_api.get(entitlements_url(customer_a)).json()["items"][0]

    assert before["quantity"] == 2
    assert after["quantity"] == 0
    assert after["quantityDetails"] == [{"quantity": 2, "status": "Cancelled"}]


def test_a_cancellation_answers_the_order_as_it_reads_once_visible(buy, customer_a, partner_a, app_api):
    """PATCH answers the order as it will be (each line and then the order): the body a read gives after the delay."""
    purchase = buy(customer_a, quantity=2, extra=[(SQL_ENTERPRISE, PERPETUAL)])
    url = f"/v1/customers/{customer_a.tenant_id}/orders/{purchase.order_line.order.order_id}"
    cancelling = {"status": "cancelled", "lineItems": [{"lineItemNumber": 1}]}

    one = app_api.patch(url, cancelling, format="json", HTTP_MS_REQUESTID="cancel-1").json()
    assert [(line["quantity"], one["status"]) for line in one["lineItems"]] == [(2, "completed"), (0, "completed")]
    assert app_api.get(url).json()["lineItems"][1]["quantity"] == 1  # not visible yet
    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    assert app_api.get(url).json() == one
    both = app_api.patch(url, {"status": "cancelled", "lineItems": [{"lineItemNumber": 0}]}, format="json").json()
    assert both["status"] == "cancelled"
    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    assert app_api.get(url).json() == both


def test_product_key_and_download_link_are_audited(buy, customer_a, app_api, client):
    purchase = buy(customer_a)
    base = f"{entitlements_url(customer_a)}/{entitlement_id(purchase)}"

    key = app_api.post(f"{base}/productkey", {"version": "2019"}, format="json")
    link = app_api.post(
        f"{base}/downloadlinks", {"version": "2019", "language": "fr-FR", "bitness": "64-bit"}, format="json"
    )

    assert key.status_code == 200 and len(key.json()["productKey"]) == 29
    assert link.status_code == 201
    assert link.json()["fileName"] == "SW_DVD9_Win_Server_2019_Datacenter_64Bit_French.iso.txt"
    assert client.get(link.json()["uri"]).status_code == 200
    key_record = AuditRecord.objects.get(operation_type="get_software_key")
    assert key_record.application_id
    assert key.json()["productKey"] not in str(key_record.customized_data)
    assert AuditRecord.objects.filter(operation_type="get_software_download_link").count() == 2


def test_cancelled_entitlement_answers_410(buy, customer_a, partner_a, admin_agent_a, app_api):
    purchase = buy(customer_a)
    order_cancel(customer=customer_a, order_id=purchase.order_line.order.order_id, actor=admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(minutes=15))

    response = app_api.post(
        f"{entitlements_url(customer_a)}/{entitlement_id(purchase)}/productkey", {"version": "2022"}, format="json"
    )

    assert response.status_code == 410
    assert response.json()["code"] == 800061
    assert "cancelled" in response.json()["description"]


@pytest.mark.parametrize("role", NOT_ADMIN_AGENT_ROLES)
def test_only_admin_agents_get_keys_through_the_api(buy, customer_a, make_user, api_as, role):
    purchase = buy(customer_a)
    api = api_as(make_user(role))
    base = f"{entitlements_url(customer_a)}/{entitlement_id(purchase)}"

    key = api.post(f"{base}/productkey", {"version": "2022"}, format="json")
    link = api.post(
        f"{base}/downloadlinks", {"version": "2022", "language": "en-US", "bitness": "64-bit"}, format="json"
    )

    assert key.status_code == 403 and link.status_code == 403
    assert not AuditRecord.objects.filter(operation_type__startswith="get_software").exists()


@pytest.mark.parametrize("role", NOT_ADMIN_AGENT_ROLES)
def test_only_admin_agents_cancel_through_the_api(buy, customer_a, make_user, api_as, role):
    purchase = buy(customer_a)
    api = api_as(make_user(role))
    response = api.patch(
        f"/v1/customers/{customer_a.tenant_id}/orders/{purchase.order_line.order.order_id}",
        {"status": "cancelled"},
        format="json",
    )
    assert_error(response, 403)
    assert purchase.order_line.order.lines.filter(cancel_requested_at__isnull=False).count() == 0


def test_other_partner_gets_404(buy, customer_a, app_api_b):
    purchase = buy(customer_a)
    assert app_api_b.get(entitlements_url(customer_a)).status_code == 404
    response = app_api_b.post(
        f"{entitlements_url(customer_a)}/{entitlement_id(purchase)}/productkey", {"version": "2022"}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        ("productkey", {}),
        ("productkey", {"version": "1999"}),
        ("downloadlinks", {"version": "2022"}),
        ("downloadlinks", {"version": "2022", "language": "xx", "bitness": "64-bit"}),
        ("downloadlinks", {"version": ["2022"], "language": "en-US", "bitness": "64-bit"}),
    ],
)
def test_bad_bodies_are_400(buy, customer_a, app_api, suffix, body):
    purchase = buy(customer_a)
    response = app_api.post(f"{entitlements_url(customer_a)}/{entitlement_id(purchase)}/{suffix}", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == 3000


@pytest.mark.parametrize(
    ("params", "status"),
    [({"entitlementType": "virtualMachine"}, 400), ({"showExpiry": "maybe"}, 400), ({"showExpiry": "true"}, 200)],
)
def test_bad_query_parameters(buy, customer_a, app_api, params, status):
    buy(customer_a, sku_id="0002")
    response = app_api.get(entitlements_url(customer_a), params)
    assert response.status_code == status
    if "entitlementType" in params:
        assert response.json()["errorName"] == "InvalidEntitlementType"
        assert response.json()["description"] == "entitlementType must be one of: reservedInstance, software."
    if status == 200:
        assert response.json()["items"][0]["expiryDate"].startswith("2031-01-10")


def test_unknown_entitlement_is_404(buy, customer_a, app_api):
    buy(customer_a)
    for entitlement in ("nope", "nope:0", "x:y"):
        response = app_api.post(
            f"{entitlements_url(customer_a)}/{entitlement}/productkey", {"version": "2022"}, format="json"
        )
        assert response.status_code == 404
