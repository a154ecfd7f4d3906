"""PUT reservationOrders/{id}: Azure's purchase through the one purchase path; calculatePrice."""

import uuid
from decimal import Decimal

import pytest

from accounts.models import Role
from arm.models import AsyncOperation
from billing.models import InvoiceLine
from partnercenter.audit import AuditRecord
from reservations import selectors
from reservations.models import Reservation, ReservationOrder
from tests.azure_api import API, assert_arm_error
from tests.factories import CustomerFactory
from tests.reservations_azure.conftest import VM, base


def purchase_body(customer, **properties) -> dict:
    subscription = f"/subscriptions/{customer.subscriptions[0].subscription_id}"
    return {
        "sku": {"name": "Standard_D2s_v5"},
        "location": "westeurope",
        "properties": {
            "reservedResourceType": "VirtualMachines",
            "billingScopeId": subscription,
            "term": "P1Y",
            "billingPlan": "Upfront",
            "quantity": 2,
            "displayName": "web-tier",
            "appliedScopeType": "Shared",
            "appliedScopes": None,
            "reservedResourceProperties": {"instanceFlexibility": "On"},
            "renew": False,
            **properties,
        },
    }


def put(api, customer, order_id, body):
    return api.put(f"{base(customer)}/reservationOrders/{order_id}?{API}", body, format="json")


def _line_fields(line: InvoiceLine) -> tuple:
    return (
        line.product_id,
        line.sku_id,
        line.availability_id,
        line.product_name,
        line.sku_name,
        line.charge_type,
        line.quantity,
        line.unit_price,
        line.subtotal,
        line.tax,
        line.total,
        line.currency,
    )


def _reservation_fields(reservation: Reservation) -> tuple:
    return (
        reservation.reserved_resource_type,
        reservation.sku_name,
        reservation.location,
        reservation.quantity,
        reservation.display_name,
        reservation.applied_scope_type,
        reservation.billing_subscription_id,
        reservation.unit_price,
        reservation.currency,
        reservation.order.term,
        reservation.order.billing_plan,
    )


def test_put_buys_the_same_reservation_and_invoice_line_as_partner_centers_order_the_page_service_and_the_admin(
    arm_api, app_api, admin_client, azure_customer, buy
):
    order_id = uuid.uuid4()
    response = arm_api.put(
        f"{base(azure_customer)}/reservationOrders/{order_id}?{API}",
        purchase_body(azure_customer),
        HTTP_X_MS_CORRELATION_REQUEST_ID="corr-azure-put",
    )
    assert response.status_code == 202, response.content
    assert response["Location"] == f"http://testserver{base(azure_customer)}/reservationOrders/{order_id}?{API}"
    operation = AsyncOperation.objects.get()
    assert operation.resource_id == f"/providers/Microsoft.Capacity/reservationOrders/{order_id}"
    assert response["Azure-AsyncOperation"].endswith(f"/operationResults/{operation.operation_id}?{API}")
    body = response.json()
    assert body["name"] == str(order_id) and body["properties"]["originalQuantity"] == 2
    by_azure = Reservation.objects.get(order__reservation_order_id=order_id)
    by_service = buy(azure_customer, quantity=2, display_name="web-tier").reservations.get()
    offer = selectors.reservation_offer_find(market="IT", term="P1Y", **VM)
    center = app_api.post(
        f"/v1/customers/{azure_customer.tenant_id}/orders",
        {
            "billingCycle": "one_time",
            "lineItems": [
                {
                    "offerId": offer.catalog_item_id,
                    "quantity": 2,
                    "provisioningContext": {
                        "subscriptionId": str(azure_customer.subscriptions[0].subscription_id),
                        "scope": "shared",
                        "duration": "1Year",
                        "displayName": "web-tier",
                    },
                }
            ],
        },
        format="json",
    )
    assert center.status_code == 201, center.content
    by_center = Reservation.objects.get(order__order_line__order__order_id=center.json()["id"])
    bought = admin_client.post(
        "/admin/reservations/reservationorder/buy/",
        {
            "customer": azure_customer.pk,
            "availability": offer.availability.pk,
            "term": "1Year",
            "billing_plan": "Upfront",
            "quantity": 2,
            "azure_subscription": azure_customer.subscriptions[0].subscription_id,
            "scope": "Shared",
            "display_name": "web-tier",
        },
    )
    assert bought.status_code == 302, bought.content
    by_admin = Reservation.objects.get(order__created_by="admin")
    paths = (by_azure, by_service, by_center, by_admin)
    assert len({_reservation_fields(reservation) for reservation in paths}) == 1
    lines = [InvoiceLine.objects.get(source__contains=str(r.reservation_id)) for r in paths]
    assert len({_line_fields(line) for line in lines}) == 1
    assert lines[0].subtotal == by_azure.term_amount and lines[0].currency == "EUR"
    assert lines[0].tax == (lines[0].subtotal * Decimal("0.22")).quantize(Decimal("0.01"))
    purchases = AuditRecord.objects.filter(operation_type="purchase_reservation")
    assert purchases.count() == 4
    assert purchases.filter(user_principal_name="admin").count() == 1
    assert purchases.filter(original_correlation_id="corr-azure-put").count() == 1


def test_the_sent_again_put_replays_and_another_body_conflicts(arm_api, azure_customer):
    order_id = uuid.uuid4()
    first = put(arm_api, azure_customer, order_id, purchase_body(azure_customer))
    again = put(arm_api, azure_customer, order_id, purchase_body(azure_customer))
    assert first.status_code == again.status_code == 202
    assert again["Azure-AsyncOperation"] == first["Azure-AsyncOperation"]
    assert again.json() == first.json()
    assert ReservationOrder.objects.filter(reservation_order_id=order_id).count() == 1
    assert InvoiceLine.objects.filter(source__startswith="reservations.instalment").count() == 1
    other = put(arm_api, azure_customer, order_id, purchase_body(azure_customer, quantity=3))
    assert_arm_error(other, 409, "ReservationOrderIdAlreadyExists")
    assert Reservation.objects.get().quantity == 2


def test_single_scope_at_purchase_applies_to_the_billing_subscription(arm_api, azure_customer):
    billing = f"/subscriptions/{azure_customer.subscriptions[0].subscription_id}"
    other = f"/subscriptions/{azure_customer.subscriptions[1].subscription_id}"
    order_id = uuid.uuid4()
    body = purchase_body(azure_customer, appliedScopeType="Single", appliedScopes=[billing])
    assert put(arm_api, azure_customer, order_id, body).status_code == 202
    assert Reservation.objects.get().applied_subscription == azure_customer.subscriptions[0]
    body = purchase_body(azure_customer, appliedScopeType="Single", appliedScopes=[other])
    assert_arm_error(put(arm_api, azure_customer, uuid.uuid4(), body), 400, "InvalidSingleAppliedScopesCount")
    assert Reservation.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"quantity": 0}, 400, "InvalidRequestContent"),
        ({"quantity": 1001}, 400, "InvalidRequestContent"),
        ({"term": "P5Y"}, 400, "InvalidRequestContent"),
        ({"billingPlan": "Yearly"}, 400, "InvalidRequestContent"),
        ({"billingScopeId": "/subscriptions/not-a-guid"}, 400, "InvalidRequestContent"),
        ({"reservedResourceType": "Unicorns"}, 400, "InvalidRequestContent"),
        ({"appliedScopeType": "Single", "appliedScopes": None}, 400, "MissingAppliedScopesForSingle"),
        ({"displayName": "no/slashes"}, 400, "BadRequest"),
        (
            {"billingScopeId": f"/subscriptions/{uuid.UUID(int=7)}"},
            400,
            "AppliedScopesNotAssociatedWithCommerceAccount",
        ),
    ],
)
def test_bad_purchases_are_refused_and_buy_nothing(arm_api, azure_customer, change, status, code):
    assert_arm_error(put(arm_api, azure_customer, uuid.uuid4(), purchase_body(azure_customer, **change)), status, code)
    assert not ReservationOrder.objects.exists()
    assert not InvoiceLine.objects.filter(source__startswith="reservations.").exists()
    assert not AsyncOperation.objects.exists()


def test_malformed_bodies_and_ids_are_refused(arm_api, azure_customer):
    url = f"{base(azure_customer)}/reservationOrders/{uuid.uuid4()}?{API}"
    assert_arm_error(arm_api.generic("PUT", url, "{", content_type="application/json"), 400, "InvalidRequestContent")
    assert_arm_error(arm_api.put(url, {"sku": {"name": "x"}}, format="json"), 400, "InvalidRequestContent")
    body = purchase_body(azure_customer)
    assert_arm_error(put(arm_api, azure_customer, "not-a-guid", body), 400, "InvalidReservationOrderId")
    body["sku"]["name"] = "Standard_Z99"
    assert_arm_error(put(arm_api, azure_customer, uuid.uuid4(), body), 400, "InvalidFulfillmentRequestParameters")
    assert not ReservationOrder.objects.exists()


def test_a_subscription_of_another_customer_is_refused(arm_api, azure_customer, azure_customer_b):
    foreign = f"/subscriptions/{azure_customer_b.subscriptions[0].subscription_id}"
    response = put(arm_api, azure_customer, uuid.uuid4(), purchase_body(azure_customer, billingScopeId=foreign))
    assert_arm_error(response, 400, "AppliedScopesNotAssociatedWithCommerceAccount")
    assert not ReservationOrder.objects.exists()


def test_an_unavailable_market_cannot_buy(arm_api, partner_a):
    customer = CustomerFactory(partner=partner_a, market="SM", domain="titano.onmicrosoft.com")
    customer.subscriptions = [type("S", (), {"subscription_id": uuid.uuid4()})()]
    response = put(arm_api, customer, uuid.uuid4(), purchase_body(customer))
    assert_arm_error(response, 400, "NotSupportedCountry")
    price = arm_api.post(f"{base(customer)}/calculatePrice?{API}", purchase_body(customer), format="json")
    assert_arm_error(price, 400, "NotSupportedCountry")
    assert not ReservationOrder.objects.exists()


def test_roles_that_cannot_buy_get_authorization_failed(arm_as, azure_customer, make_user):
    helpdesk = make_user(Role.HELPDESK_AGENT)
    response = put(arm_as(helpdesk), azure_customer, uuid.uuid4(), purchase_body(azure_customer))
    error = assert_arm_error(response, 403, "AuthorizationFailed")
    assert "Microsoft.Capacity/reservationOrders/write" in error["message"]
    price = arm_as(helpdesk).post(f"{base(azure_customer)}/calculatePrice?{API}", purchase_body(azure_customer))
    assert_arm_error(price, 403, "AuthorizationFailed")
    assert not ReservationOrder.objects.exists()
    sales = make_user(Role.SALES_AGENT)
    assert put(arm_as(sales), azure_customer, uuid.uuid4(), purchase_body(azure_customer)).status_code == 202


def test_another_partners_customer_cannot_be_bought_for(arm_api_b, azure_customer):
    response = put(arm_api_b, azure_customer, uuid.uuid4(), purchase_body(azure_customer))
    assert_arm_error(response, 404, "InvalidTenantId")
    assert not ReservationOrder.objects.exists()


def test_calculate_price_quotes_without_buying(arm_api, azure_customer):
    url = f"{base(azure_customer)}/calculatePrice?{API}"
    upfront = arm_api.post(url, purchase_body(azure_customer), format="json")
    assert upfront.status_code == 200, upfront.content
    properties = upfront.json()["properties"]
    net = Decimal(str(properties["netTotal"]))
    assert properties["billingCurrencyTotal"] == {"currencyCode": "EUR", "amount": float(net)}
    assert Decimal(str(properties["taxTotal"])) == (net * Decimal("0.22")).quantize(Decimal("0.01"))
    assert Decimal(str(properties["grandTotal"])) == net + Decimal(str(properties["taxTotal"]))
    assert properties["isTaxIncluded"] is False and properties["isBillingPartnerManaged"] is True
    assert uuid.UUID(properties["reservationOrderId"])
    assert len(properties["paymentSchedule"]) == 1
    assert properties["paymentSchedule"][0]["billingCurrencyTotal"]["amount"] == float(net)
    monthly = arm_api.post(url, purchase_body(azure_customer, billingPlan="Monthly"), format="json").json()
    schedule = monthly["properties"]["paymentSchedule"]
    assert len(schedule) == 12
    assert sum(Decimal(str(p["billingCurrencyTotal"]["amount"])) for p in schedule) == net
    assert schedule[1]["dueDate"] > schedule[0]["dueDate"]
    assert not ReservationOrder.objects.exists()
    # The quoted id buys the quoted purchase.
    order_id = properties["reservationOrderId"]
    assert put(arm_api, azure_customer, order_id, purchase_body(azure_customer)).status_code == 202
    line = InvoiceLine.objects.get(source__startswith="reservations.instalment")
    assert line.subtotal == net


def test_calculate_price_refuses_bad_input(arm_api, azure_customer):
    url = f"{base(azure_customer)}/calculatePrice?{API}"
    assert_arm_error(arm_api.generic("POST", url, "[", content_type="application/json"), 400, "InvalidRequestContent")
    response = arm_api.post(url, purchase_body(azure_customer, quantity=0))
    assert_arm_error(response, 400, "InvalidRequestContent")
    body = purchase_body(azure_customer)
    body["location"] = "marsnorth"
    assert_arm_error(arm_api.post(url, body), 400, "InvalidFulfillmentRequestParameters")
    no_version = f"{base(azure_customer)}/calculatePrice"
    assert_arm_error(arm_api.post(no_version, purchase_body(azure_customer)), 400, "MissingApiVersionParameter")
