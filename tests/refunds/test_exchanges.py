"""Exchanges: same family, a new commitment at least the value returned, outside the cap, both on the invoice."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import InvoiceLine, LineKind
from reservations.models import Exchange, ProvisioningState, Refund, ReservationOrder
from reservations.refund_errors import ExchangeNotAllowed
from reservations.refund_selectors import cap_status
from reservations.services.exchanges import ExchangeReturn, exchange_execute, exchange_quote
from tests.refunds.conftest import T0, offer_for, priced, reload, run_credits, set_clock

pytestmark = pytest.mark.django_db


def purchase_of(customer, price, *, resource_type="VirtualMachines", term="P1Y", index=1):
    item = priced(offer_for("IT", resource_type=resource_type, term=term, index=index), "IT", price)
    subscription = customer.azure_subscriptions.first()
    return {"catalog_item_id": item, "quantity": 1, "subscription_id": subscription.subscription_id}


@pytest.fixture
def returned_half_way(buy, customer_a, partner_a):
    """A EUR 3,650 one-year reservation with 200 days left (EUR 2,000 remaining)."""
    reservation = buy(customer_a, price="3650.00")
    set_clock(partner_a, reservation.order.expires_at - timedelta(days=200))
    return reload(reservation)


def test_an_exchange_refunds_outside_the_cap_and_buys_through_the_purchase_path(
    returned_half_way, customer_a, admin_agent_a, partner_a
):
    reservation = returned_half_way
    quote = exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(reservation, 1)],
        purchases=[purchase_of(customer_a, "2500.00")],
    )
    assert quote.details["policyErrors"] == []
    assert (quote.details["refundsTotal"], quote.details["purchasesTotal"]) == ("2000.00", "2500.00")
    assert quote.details["netPayable"] == "500.00"

    exchange = exchange_execute(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)

    assert (exchange.refunds_total, exchange.purchases_total) == (Decimal("2000.00"), Decimal("2500.00"))
    assert reload(reservation).provisioning_state == ProvisioningState.CANCELLED
    refund = Refund.objects.get(exchange=exchange)
    assert (refund.counts_toward_cap, refund.fee_amount, refund.amount) == (False, Decimal(0), Decimal("2000.00"))
    now = partner_a.clock_frozen_at
    assert cap_status(customer=customer_a, at=now).used == Decimal("0.00")
    new_order = exchange.purchased_orders.get()
    assert new_order.purchased_at == now
    assert new_order.expires_at.date().isoformat() == "2031-06-24"
    run_credits()
    lines = InvoiceLine.objects.filter(customer=customer_a, charged_at=now)
    assert sorted((line.kind, line.subtotal) for line in lines) == [
        (LineKind.CHARGE, Decimal("2500.00")),
        (LineKind.CREDIT, Decimal("-2000.00")),
    ]


def test_a_new_commitment_below_the_value_returned_is_refused(returned_half_way, customer_a, admin_agent_a):
    quote = exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(returned_half_way, 1)],
        purchases=[purchase_of(customer_a, "1999.99")],
    )
    assert "less than the 2000.00 EUR left" in quote.details["policyErrors"][0]["message"]

    with pytest.raises(ExchangeNotAllowed):
        exchange_execute(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    assert reload(returned_half_way).quantity == 1
    assert not Exchange.objects.exists()
    assert ReservationOrder.objects.count() == 1


def test_exactly_the_value_returned_is_enough(returned_half_way, customer_a, admin_agent_a):
    quote = exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(returned_half_way, 1)],
        purchases=[purchase_of(customer_a, "2000.00")],
    )

    assert exchange_execute(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a).net_payable == 0


def test_another_family_is_refused(returned_half_way, customer_a, admin_agent_a):
    quote = exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(returned_half_way, 1)],
        purchases=[purchase_of(customer_a, "9000.00", resource_type="SqlDatabases", index=0)],
    )
    assert quote.details["policyErrors"][0]["code"] == "ExchangeNotAllowed"

    with pytest.raises(ExchangeNotAllowed):
        exchange_execute(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)


def test_an_exchange_needs_something_to_buy(returned_half_way, customer_a, admin_agent_a):
    with pytest.raises(ExchangeNotAllowed):
        exchange_quote(
            customer=customer_a, actor=admin_agent_a, returns=[ExchangeReturn(returned_half_way, 1)], purchases=[]
        )


def test_exchanges_do_not_count_towards_a_full_cap(buy, us_customer, admin_agent_a, current_profile):
    from reservations.services.refunds import refund_quote, reservation_return

    full = buy(us_customer, price="50000.00")
    reservation_return(
        session_id=refund_quote(reservation=full, actor=admin_agent_a, quantity=1).session_id,
        actor=admin_agent_a,
        customer=us_customer,
    )
    other = buy(us_customer, price="1000.00")
    item = priced(offer_for("US", index=1), "US", "1500.00")
    subscription = us_customer.azure_subscriptions.first()

    quote = exchange_quote(
        customer=us_customer,
        actor=admin_agent_a,
        returns=[ExchangeReturn(other, 1)],
        purchases=[{"catalog_item_id": item, "quantity": 1, "subscription_id": subscription.subscription_id}],
    )
    exchange = exchange_execute(session_id=quote.session_id, actor=admin_agent_a, customer=us_customer)

    assert exchange.refunds_total == Decimal("1000.00")
    assert cap_status(customer=us_customer, at=T0).used == Decimal("50000.00")
