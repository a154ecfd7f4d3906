"""Refund and exchange fixtures: a frozen clock, reservations bought at chosen prices, time travel."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from commerce.models import Price
from customers.models import Customer
from partnercenter.models import ScheduledEffect
from partnercenter.scheduler import run_effect
from reservations import selectors
from reservations.catalog import catalog_load_current
from reservations.exchange_rates import rates_load
from reservations.models import RefundPolicyProfile, RefundSettings, Reservation
from reservations.services import azure_plan_purchase, reservation_purchase
from reservations.services.refunds import CREDIT_EFFECT
from tests.factories import CustomerFactory

T0 = datetime(2030, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def reference_data(db):
    """The reservation catalog and exchange rates (migrations load them; transactional tests flush them)."""
    catalog_load_current()
    rates_load()


@pytest.fixture
def frozen(partner_a, partner_b):
    for partner in (partner_a, partner_b):
        partner.clock_frozen_at = T0
        partner.save(update_fields=["clock_frozen_at"])
    return T0


def set_clock(partner, at: datetime) -> None:
    """Move a frozen clock without running the daily effects (the tests that need them advance instead)."""
    partner.clock_frozen_at = at
    partner.save(update_fields=["clock_frozen_at"])


def offer_for(market: str, *, resource_type: str = "VirtualMachines", term: str = "P1Y", index: int = 0):
    offers = [
        offer
        for offer in selectors.reservation_offer_list(market=market, reserved_resource_type=resource_type)
        if offer.sku.term_duration == term
    ]
    return offers[index]


def priced(offer, market: str, price: str) -> str:
    """Set the offer's catalog price in the market; returns its catalog item id."""
    Price.objects.filter(availability=offer.availability, market=market).update(unit_price=Decimal(price))
    return offer.catalog_item_id


@pytest.fixture
def buy(reference_data, frozen):
    """buy(customer, price="3650.00", quantity=1, term="P1Y", billing_plan="Upfront", ...) -> Reservation."""

    def purchase(
        customer: Customer,
        price: str = "3650.00",
        quantity: int = 1,
        term: str = "P1Y",
        billing_plan: str = "Upfront",
        resource_type: str = "VirtualMachines",
        index: int = 0,
    ) -> Reservation:
        plan = selectors.azure_plan_get(partner=customer.partner, customer=customer)
        if plan is None:
            plan = azure_plan_purchase(customer=customer, actor=None)
        subscription = plan.azure_subscriptions.first()
        market = str(customer.market)
        item = priced(offer_for(market, resource_type=resource_type, term=term, index=index), market, price)
        order = reservation_purchase(
            customer=customer,
            actor=None,
            catalog_item_id=item,
            quantity=quantity,
            subscription_id=subscription.subscription_id,
            billing_plan=billing_plan,
        )
        return Reservation.objects.select_related("order", "customer", "partner").get(order=order)

    return purchase


@pytest.fixture
def us_customer(partner_a):
    return CustomerFactory(partner=partner_a, company_name="Gamma LLC", domain="gamma.onmicrosoft.com", market="US")


@pytest.fixture
def current_profile(partner_a):
    RefundSettings.objects.update_or_create(partner=partner_a, defaults={"policy_profile": RefundPolicyProfile.CURRENT})


def run_credits() -> int:
    """Run every pending refund credit effect (only those: the daily effects stay where they are)."""
    ids = ScheduledEffect.objects.filter(kind=CREDIT_EFFECT, done_at__isnull=True).values_list("pk", flat=True)
    return sum(run_effect(effect_id) for effect_id in list(ids))


def reload(reservation: Reservation) -> Reservation:
    """The reservation as a request would read it (its partner's clock included)."""
    return Reservation.objects.select_related("order", "customer", "partner").get(pk=reservation.pk)
