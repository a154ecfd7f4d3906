"""Refused money actions leave exactly one `failed` audit record, whichever path refused them."""

from datetime import timedelta

import pytest

from commerce import services as commerce_services
from commerce.errors import CommerceError
from partnercenter.models import AuditRecord
from simulation.services import clock_advance
from software import services
from tests.api_personas import assert_error
from tests.factories import CustomerFactory
from tests.software_purchases import SQL_ENTERPRISE, THREE_YEARS, catalog_item


def failed(operation_type):
    return list(AuditRecord.objects.filter(operation_type=operation_type, operation_status="failed"))


def test_a_cancellation_refused_by_the_window_is_audited_as_failed(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=31))
    line = purchase.order_line

    with pytest.raises(CommerceError):
        services.purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a)

    [record] = failed("update_order")
    assert (record.customer_id, record.user_principal_name, record.resource_type) == (
        customer_a.tenant_id,
        admin_agent_a.username,
        "order",
    )
    assert '"code": 900117' in record.resource_new_value
    assert {"key": "OrderId", "value": line.order.order_id} in record.customized_data
    assert not AuditRecord.objects.filter(operation_type="update_order", operation_status="succeeded").exists()


def test_a_refused_patch_is_audited_once_and_its_replay_adds_nothing(buy, customer_a, partner_a, app_api):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=31))
    url = f"/v1/customers/{customer_a.tenant_id}/orders/{purchase.order_line.order.order_id}"

    first = app_api.patch(url, {"status": "cancelled"}, format="json", HTTP_MS_REQUESTID="cancel-late")
    replay = app_api.patch(url, {"status": "cancelled"}, format="json", HTTP_MS_REQUESTID="cancel-late")

    assert assert_error(first, 400, 900117) and replay.content == first.content
    [record] = failed("update_order")
    assert record.application_id  # an app-only token acted


def test_a_refused_cancel_on_the_page_is_audited(buy, customer_a, partner_a, admin_agent_a, client_as):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=31))

    response = client_as(admin_agent_a).post(
        f"/software/customers/{customer_a.tenant_id}/purchases/{purchase.pk}/cancel/",
        {"purchase": purchase.pk, "confirm": "on"},
    )

    assert response.status_code == 400
    assert "You have passed your 30-day cancellation window" in response.content.decode()
    assert len(failed("update_order")) == 1


def test_a_refused_order_is_audited_as_failed(catalog, partner_a, admin_agent_a, app_api):
    san_marino = CustomerFactory(partner=partner_a, market="SM", state="")
    body = {"lineItems": [{"offerId": catalog_item(SQL_ENTERPRISE, THREE_YEARS), "quantity": 1}]}

    response = app_api.post(f"/v1/customers/{san_marino.tenant_id}/orders", body, format="json")

    assert assert_error(response, 400, 800002)["errorName"] == "MarketNotAvailable"
    [record] = failed("create_order")
    assert record.customer_name == san_marino.company_name and '"MarketNotAvailable"' in record.resource_new_value


def test_an_expired_cart_checkout_is_audited_once(catalog, customer_a, partner_a, admin_agent_a, frozen):
    cart = commerce_services.cart_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"catalog_item_id": catalog_item(SQL_ENTERPRISE, THREE_YEARS), "quantity": 1}],
    )
    clock_advance(partner=partner_a, by=timedelta(minutes=15))

    with pytest.raises(CommerceError):
        commerce_services.cart_checkout(customer=customer_a, cart_id=cart.cart_id, actor=admin_agent_a)

    [record] = failed("create_order")
    assert '"CartExpired"' in record.resource_new_value
