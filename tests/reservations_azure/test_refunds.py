"""Azure's calculateRefund and return on the refund engine: shapes, the 202, MS-RequestId, refusals, isolation."""

import uuid

from partnercenter import clock
from reservations.models import Refund, RefundPolicyProfile, RefundSettings, ReservationRoleAssignment
from tests.azure_api import API, assert_arm_error
from tests.reservations_azure.conftest import base


def _order_url(customer, reservation, action) -> str:
    return f"{base(customer)}/reservationOrders/{reservation.order.reservation_order_id}/{action}?{API}"


def _body(reservation, quantity=1, **extra) -> dict:
    return {
        "properties": {
            "scope": "Reservation",
            "reservationToReturn": {"reservationId": reservation.resource_id, "quantity": quantity},
            **extra,
        }
    }


def test_calculate_refund_then_return_answers_azure_shapes_and_202(arm_api, azure_customer, buy, partner_a):
    RefundSettings.objects.create(partner=partner_a, policy_profile=RefundPolicyProfile.CURRENT)
    reservation = buy(azure_customer).reservations.get()

    quote = arm_api.post(_order_url(azure_customer, reservation, "calculateRefund"), _body(reservation), format="json")

    assert quote.status_code == 200, quote.content
    properties = quote.json()["properties"]
    assert properties["quantity"] == 1
    assert properties["billingRefundAmount"]["currencyCode"] == "EUR"
    assert properties["billingRefundAmount"]["amount"] == float(reservation.term_amount)
    assert properties["pricingRefundAmount"]["currencyCode"] == "USD"
    assert properties["policyResult"]["properties"]["maxRefundLimit"] == {"currencyCode": "USD", "amount": 50000.0}
    assert properties["policyResult"]["properties"]["policyErrors"] == []
    assert properties["billingInformation"]["billingPlan"] == "Upfront"

    body = _body(reservation, sessionId=properties["sessionId"], returnReason="PurchasedWrongProduct")
    key = {"HTTP_MS_REQUESTID": str(uuid.uuid4())}
    first = arm_api.post(_order_url(azure_customer, reservation, "return"), body, format="json", **key)
    again = arm_api.post(_order_url(azure_customer, reservation, "return"), body, format="json", **key)

    assert first.status_code == 202, first.content
    assert "operationResults" in first["Azure-AsyncOperation"]
    assert (again.status_code, again.content) == (202, first.content)
    assert Refund.objects.get().reason == "PurchasedWrongProduct"


def test_return_without_a_session_or_with_a_used_one_is_refused(arm_api, azure_customer, buy):
    reservation = buy(azure_customer, quantity=2).reservations.get()
    url = _order_url(azure_customer, reservation, "return")

    assert_arm_error(arm_api.post(url, _body(reservation), format="json"), 400)
    assert_arm_error(
        arm_api.post(url, _body(reservation, sessionId=str(uuid.uuid4())), format="json"), 404, "RefundSessionNotFound"
    )
    session = arm_api.post(
        _order_url(azure_customer, reservation, "calculateRefund"), _body(reservation), format="json"
    )
    body = _body(reservation, sessionId=session.json()["properties"]["sessionId"])
    assert arm_api.post(url, body, format="json").status_code == 202
    assert_arm_error(arm_api.post(url, body, format="json"), 409)
    assert Refund.objects.count() == 1


def test_a_bad_quantity_is_azures_invalid_refund_quantity(arm_api, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()

    response = arm_api.post(
        _order_url(azure_customer, reservation, "calculateRefund"), _body(reservation, quantity=5), format="json"
    )

    assert_arm_error(response, 400, "InvalidRefundQuantity")


def test_another_partners_customer_is_not_found(arm_api_b, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()

    response = arm_api_b.post(
        _order_url(azure_customer, reservation, "calculateRefund"), _body(reservation), format="json"
    )

    assert_arm_error(response, 404)
    assert not Refund.objects.exists()


def test_a_session_quoted_for_another_reservation_is_refused_and_nothing_is_returned(arm_api, azure_customer, buy):
    quoted = buy(azure_customer).reservations.get()
    other = buy(azure_customer).reservations.get()
    session = arm_api.post(_order_url(azure_customer, quoted, "calculateRefund"), _body(quoted), format="json")
    session_id = session.json()["properties"]["sessionId"]
    refused = arm_api.post(
        _order_url(azure_customer, other, "return"), _body(other, sessionId=session_id), format="json"
    )
    assert "calculated for another reservation" in assert_arm_error(refused, 400, "BadRequest")["message"]
    assert not Refund.objects.exists()
    quoted.refresh_from_db()
    other.refresh_from_db()
    assert (quoted.quantity, other.quantity) == (1, 1)


def test_a_reservations_reader_can_read_but_not_quote_or_return(arm_api, arm_as, azure_customer, buy, reader_a):
    reservation = buy(azure_customer).reservations.get()
    ReservationRoleAssignment.objects.create(
        reservation=reservation,
        user=reader_a,
        role="reservations_reader",
        created_at=clock.now(azure_customer.partner),
        created_by="test",
    )
    reader = arm_as(reader_a)
    order = reservation.order.reservation_order_id
    assert reader.get(f"{base(azure_customer)}/reservationOrders/{order}?{API}").status_code == 200
    refused = reader.post(_order_url(azure_customer, reservation, "calculateRefund"), _body(reservation), format="json")
    assert_arm_error(refused, 403, "AuthorizationFailed")
    session = arm_api.post(
        _order_url(azure_customer, reservation, "calculateRefund"), _body(reservation), format="json"
    )
    body = _body(reservation, sessionId=session.json()["properties"]["sessionId"])
    assert_arm_error(reader.post(_order_url(azure_customer, reservation, "return"), body, format="json"), 403)
    assert not Refund.objects.exists()
    reservation.refresh_from_db()
    assert (reservation.quantity, reservation.provisioning_state) == (1, "Succeeded")
