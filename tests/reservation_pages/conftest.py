"""Reservation page fixtures: Alpha Srl with an Azure plan of two subscriptions, and reservations bought through
the same service the page uses, on a frozen partner clock. `plan_a` and `reserve` here replace the shared ones of
tests/reservation_fixtures.py for this folder: the pages need two subscriptions and name SKUs by Azure identity."""

import pytest

from reservations import services
from reservations.models import Reservation
from reservations.selectors import reservation_offer_find
from tests.factories import CustomerFactory

D2S_WEU_1Y = ("VirtualMachines", "Standard_D2s_v5", "westeurope", "P1Y")


@pytest.fixture
def reservation_catalog(catalog):
    """The software catalog, the Azure plan and the reservation products (tests/conftest.py's `catalog`)."""


@pytest.fixture
def plan_a(reservation_catalog, frozen, customer_a):
    """Alpha Srl (IT, EUR) with the Azure plan and two Azure subscriptions."""
    plan = services.azure_plan_purchase(customer=customer_a, actor=None, friendly_name="Production")
    services.azure_subscription_add(customer=customer_a, actor=None, friendly_name="Development")
    return plan


@pytest.fixture
def subscriptions_a(plan_a, customer_a):
    return {s.friendly_name: s for s in customer_a.azure_subscriptions.all()}


def offer_id(market="IT", identity=D2S_WEU_1Y) -> str:
    resource_type, sku_name, location, term = identity
    return reservation_offer_find(
        market=market, reserved_resource_type=resource_type, sku_name=sku_name, location=location, term=term
    ).catalog_item_id


@pytest.fixture
def reserve(subscriptions_a, customer_a):
    """reserve(**overrides) -> a reservation of Alpha Srl bought with reservation_purchase (D2s v5, EU West, 1y)."""

    def buy(customer=customer_a, identity=D2S_WEU_1Y, quantity=2, subscription=None, **overrides):
        subscription = subscription or subscriptions_a["Production"]
        order = services.reservation_purchase(
            customer=customer,
            actor=None,
            catalog_item_id=offer_id(str(customer.market), identity),
            quantity=quantity,
            subscription_id=subscription.subscription_id,
            **overrides,
        )
        return Reservation.objects.select_related("order").get(order=order)

    return buy


@pytest.fixture
def customer_b_with_reservation(reservation_catalog, frozen, customer_b):
    """Beta Inc (partner B, US) with an Azure plan and one reservation: the other tenant."""
    services.azure_plan_purchase(customer=customer_b, actor=None)
    subscription = customer_b.azure_subscriptions.get()
    order = services.reservation_purchase(
        customer=customer_b,
        actor=None,
        catalog_item_id=offer_id("US"),
        quantity=1,
        subscription_id=subscription.subscription_id,
    )
    return order.reservations.get()


@pytest.fixture
def san_marino_customer(partner_a):
    return CustomerFactory(partner=partner_a, market="SM", state="", company_name="Titano Srl")
