"""Azure's own SDK (azure-mgmt-reservations 3.0.0) returns and exchanges a reservation against the simulator."""

import time
from decimal import Decimal

import pytest
from azure.core.credentials import AccessToken
from azure.mgmt.reservations import ReservationsMgmtClient

from accounts.services import access_token_issue
from reservations.exchange_rates import rates_load
from reservations.models import Exchange, ProvisioningState, Refund, Reservation

pytestmark = pytest.mark.django_db(transaction=True)
HTTP = {"enforce_https": False}


class SimulatorToken:
    def __init__(self, token: str):
        self.token = token

    def get_token(self, *scopes, **kwargs) -> AccessToken:
        return AccessToken(self.token, int(time.time()) + 3600)


@pytest.fixture
def sdk(live_server, settings, credential_a, azure_customer):
    settings.AZURE_API_RETRY_AFTER = 0
    rates_load()
    raw, _ = access_token_issue(
        grant_type="client_credentials", client_id=str(credential_a.client_id), client_secret=credential_a.secret
    )
    return ReservationsMgmtClient(
        SimulatorToken(raw), base_url=f"{live_server.url}/azure/{azure_customer.tenant_id}", polling_interval=0
    )


def _to_return(reservation, quantity=1) -> dict:
    return {"reservationId": reservation.resource_id, "quantity": quantity}


def test_the_sdk_quotes_and_returns(sdk, azure_customer, buy):
    reservation = buy(azure_customer, quantity=2).reservations.get()
    order_id = str(reservation.order.reservation_order_id)

    quote = sdk.calculate_refund.post(
        order_id,
        {
            "id": reservation.order.resource_id,
            "properties": {"scope": "Reservation", "reservationToReturn": _to_return(reservation)},
        },
        **HTTP,
    )
    assert quote.properties.quantity == 1
    assert quote.properties.policy_result.properties.max_refund_limit.amount == 50000.0
    assert quote.properties.billing_refund_amount.currency_code == "EUR"

    poller = sdk.return_operations.begin_post(
        order_id,
        {
            "properties": {
                "sessionId": quote.properties.session_id,
                "scope": "Reservation",
                "reservationToReturn": _to_return(reservation),
                "returnReason": "PurchasedWrongProduct",
            }
        },
        **HTTP,
    )
    order = poller.result()

    assert poller.status() == "Succeeded" and order.name == order_id
    refund = Refund.objects.get()
    assert (refund.quantity, refund.reason) == (1, "PurchasedWrongProduct")
    assert refund.amount == Decimal(str(quote.properties.billing_refund_amount.amount))
    assert Reservation.objects.get(pk=reservation.pk).quantity == 1


def test_the_sdk_calculates_and_makes_an_exchange(sdk, azure_customer, buy):
    reservation = buy(azure_customer).reservations.get()
    purchase = {
        "sku": {"name": "Standard_D4s_v5"},
        "location": "westeurope",
        "properties": {
            "reservedResourceType": "VirtualMachines",
            "billingScopeId": f"/subscriptions/{azure_customer.subscriptions[0].subscription_id}",
            "term": "P1Y",
            "billingPlan": "Upfront",
            "quantity": 1,
            "displayName": "exchanged-by-sdk",
            "appliedScopeType": "Shared",
        },
    }

    calculated = sdk.calculate_exchange.begin_post(
        {"properties": {"reservationsToPurchase": [purchase], "reservationsToExchange": [_to_return(reservation)]}},
        **HTTP,
    ).result()
    assert calculated.status == "Succeeded"
    assert calculated.properties.policy_result.policy_errors == []
    assert calculated.properties.refunds_total.amount == float(reservation.term_amount)

    exchanged = sdk.exchange.begin_post(
        {"properties": {"sessionId": calculated.properties.session_id}}, **HTTP
    ).result()

    assert exchanged.status == "Succeeded"
    exchange = Exchange.objects.get()
    new_order = exchange.purchased_orders.get()
    assert exchanged.properties.reservations_to_purchase[0].reservation_order_id == new_order.resource_id
    assert new_order.display_name == "exchanged-by-sdk"
    assert Reservation.objects.get(pk=reservation.pk).provisioning_state == ProvisioningState.CANCELLED
    assert Refund.objects.get().counts_toward_cap is False
