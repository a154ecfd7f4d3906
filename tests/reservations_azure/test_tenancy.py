"""Every Azure route, asked by another partner: 404 in Azure's envelope, and nothing changes.

Partner B names partner A's customer tenant (InvalidTenantId), then A's ids under its own customer tenant
(not found there). The route list is checked against the URL configuration, so a new route fails here until
its isolation is stated.
"""

import uuid

import pytest

from arm import urls as arm_urls
from arm.models import AsyncOperation
from reservations import azure_urls
from reservations.models import Exchange, Refund, RefundQuote, Reservation, ReservationOrder
from tests.azure_api import API
from tests.reservations_azure.conftest import base
from tests.reservations_azure.test_exchanges import _calculate, _purchase
from tests.reservations_azure.test_purchase import purchase_body


@pytest.fixture
def world(arm_api, azure_customer, azure_customer_b, buy):
    """Partner A's reservation with a refund session, an exchange session and an operation; B's own customer."""
    reservation = buy(azure_customer).reservations.get()
    order_id = reservation.order.reservation_order_id
    refund = arm_api.post(
        f"{base(azure_customer)}/reservationOrders/{order_id}/calculateRefund?{API}",
        _refund_body(reservation),
        format="json",
    )
    calculated = _calculate(arm_api, azure_customer, reservation, _purchase(azure_customer))
    patched = arm_api.patch(
        f"{base(azure_customer)}/reservationOrders/{order_id}/reservations/{reservation.reservation_id}?{API}",
        {"properties": {"renew": True}},
        format="json",
    )
    assert (refund.status_code, calculated.status_code, patched.status_code) == (200, 202, 202)
    exchange_session = arm_api.get(calculated["Azure-AsyncOperation"]).json()["properties"]["sessionId"]
    return {
        "a": azure_customer,
        "b": azure_customer_b,
        "order": order_id,
        "reservation": Reservation.objects.get(pk=reservation.pk),
        "refund_session": refund.json()["properties"]["sessionId"],
        "exchange_session": exchange_session,
        "calculate_result": calculated["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[-1],
        "operation": patched["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[-1],
    }


def _refund_body(reservation, session_id=None) -> dict:
    properties = {
        "scope": "Reservation",
        "reservationToReturn": {"reservationId": reservation.resource_id, "quantity": 1},
    }
    if session_id:
        properties["sessionId"] = session_id
    return {"properties": properties}


def _routes(w, customer) -> dict:
    """route name -> (method, path under the customer's tenant, body)."""
    reservation, order = w["reservation"], w["order"]
    orders = f"{base(customer)}/reservationOrders"
    exchange = {
        "properties": {
            "reservationsToPurchase": [_purchase(w["a"])],
            "reservationsToExchange": [{"reservationId": reservation.resource_id, "quantity": 1}],
        }
    }
    return {
        "azure-reservation-orders": ("get", orders, None),
        "azure-reservation-order": ("put", f"{orders}/{uuid.uuid4()}", purchase_body(w["a"])),
        "azure-reservations": ("get", f"{orders}/{order}/reservations", None),
        "azure-reservation": (
            "patch",
            f"{orders}/{order}/reservations/{reservation.reservation_id}",
            {"properties": {"renew": False, "name": "taken"}},
        ),
        "azure-calculate-refund": ("post", f"{orders}/{order}/calculateRefund", _refund_body(reservation)),
        "azure-return": ("post", f"{orders}/{order}/return", _refund_body(reservation, w["refund_session"])),
        "azure-calculate-exchange": ("post", f"{base(customer)}/calculateExchange", exchange),
        "azure-exchange": ("post", f"{base(customer)}/exchange", {"properties": {"sessionId": w["exchange_session"]}}),
        "azure-calculateExchangeOperationResults": (
            "get",
            f"{base(customer)}/calculateExchangeOperationResults/{w['calculate_result']}",
            None,
        ),
        "azure-exchangeOperationResults": (
            "get",
            f"{base(customer)}/exchangeOperationResults/{w['calculate_result']}",
            None,
        ),
        "azure-calculate-price": ("post", f"{base(customer)}/calculatePrice", purchase_body(w["a"])),
        "arm-operation-result": ("get", f"{base(customer)}/operationResults/{w['operation']}", None),
    }


# Under B's own tenant, A's ids are simply not there; a purchase naming A's subscription is refused as not B's;
# the price list answers B like anyone (it reads no customer data).
UNDER_OWN_TENANT = {
    "azure-reservation-orders": (200, None),
    "azure-reservation-order": (400, "AppliedScopesNotAssociatedWithCommerceAccount"),
    "azure-reservations": (404, "ReservationOrderNotFound"),
    "azure-reservation": (404, "ReservationOrderNotFound"),
    "azure-calculate-refund": (404, "ReservationOrderNotFound"),
    "azure-return": (404, "ReservationOrderNotFound"),
    "azure-calculate-exchange": (404, "ReservationOrderNotFound"),
    "azure-exchange": (404, "BadRequest"),
    "azure-calculateExchangeOperationResults": (404, "OperationNotFound"),
    "azure-exchangeOperationResults": (404, "OperationNotFound"),
    "azure-calculate-price": (200, None),
    "arm-operation-result": (404, "OperationNotFound"),
}


def _state() -> tuple:
    reservations = tuple(
        Reservation.objects.order_by("pk").values_list("pk", "quantity", "etag", "display_name", "renew")
    )
    return (
        reservations,
        ReservationOrder.objects.count(),
        Refund.objects.count(),
        Exchange.objects.count(),
        RefundQuote.objects.count(),
        AsyncOperation.objects.count(),
    )


def test_the_table_names_every_azure_route(world):
    names = {pattern.name for pattern in [*azure_urls.urlpatterns, *arm_urls.urlpatterns]}
    assert names == set(_routes(world, world["a"]))


def test_another_partner_gets_404_on_every_route_and_nothing_changes(world, arm_api_b):
    before = _state()
    for name, (method, path, body) in _routes(world, world["a"]).items():
        response = getattr(arm_api_b, method)(f"{path}?{API}", body, format="json")
        assert response.status_code == 404 and response.json()["error"]["code"] == "InvalidTenantId", name
    answers = {}
    for name, (method, path, body) in _routes(world, world["b"]).items():
        response = getattr(arm_api_b, method)(f"{path}?{API}", body, format="json")
        answers[name] = (response.status_code, response.json().get("error", {}).get("code"))
        if name == "azure-reservation-orders":
            assert response.json()["value"] == []
    assert answers == UNDER_OWN_TENANT
    assert _state() == before
