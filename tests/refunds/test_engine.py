"""The refund engine: proration by the day, the lower price, the fee per profile, quantities and states."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from accounts.models import Role
from billing.models import InvoiceLine, LineKind
from commerce.models import Price
from partnercenter.models import AuditRecord
from reservations.models import ProvisioningState, Refund, ReservationStateChange, ReservedResourceType
from reservations.refund_errors import InvalidRefundQuantity, RefundNotSupported
from reservations.services.refunds import refund_quote, reservation_return
from tests.refunds.conftest import T0, reload, run_credits, set_clock

pytestmark = pytest.mark.django_db


def quote_and_return(reservation, actor, quantity=None):
    reservation = reload(reservation)
    quote = refund_quote(reservation=reservation, actor=actor, quantity=quantity or reservation.quantity)
    return quote, reservation_return(session_id=quote.session_id, actor=actor, customer=reservation.customer)


def test_day_zero_refunds_every_day_less_the_seed_fee(buy, customer_a, admin_agent_a):
    reservation = buy(customer_a, price="3650.00")

    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)

    details = quote.details
    assert (details["termDays"], details["daysUsed"], details["daysLeft"]) == (365, 0, 365)
    assert details["prorated"] == "3650.00"
    assert (details["feePercent"], details["fee"], details["amount"]) == ("12", "438.00", "3212.00")
    assert details["currency"] == "EUR"
    assert quote.refund_amount == Decimal("3212.00")
    # EUR at the 2026 reference rate (1.17): 3212.00 × 1.17.
    assert details["amountUsd"] == "3758.04"
    assert details["cap"] == {"limitUsd": "50000.00", "usedUsd": "0.00", "leftUsd": "50000.00", "oldestLeavesAt": None}


def test_last_day_leaves_one_day(buy, customer_a, admin_agent_a, partner_a, current_profile):
    reservation = buy(customer_a, price="3650.00")
    set_clock(partner_a, reservation.order.expires_at - timedelta(seconds=1))
    reservation = reload(reservation)

    details = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details

    assert (details["daysUsed"], details["daysLeft"]) == (364, 1)
    assert details["amount"] == "10.00"


def test_a_day_is_used_once_it_has_fully_passed(buy, customer_a, admin_agent_a, partner_a, current_profile):
    reservation = buy(customer_a, price="3650.00")
    next_midnight = reservation.order.benefit_start + timedelta(days=1)

    set_clock(partner_a, next_midnight - timedelta(seconds=1))
    reservation = reload(reservation)
    assert refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details["daysUsed"] == 0
    set_clock(partner_a, next_midnight)
    reservation = reload(reservation)
    assert refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details["daysUsed"] == 1


def test_a_term_over_february_29_has_366_days(buy, customer_a, admin_agent_a, partner_a, current_profile):
    set_clock(partner_a, datetime(2031, 6, 1, 12, 0, tzinfo=UTC))
    reservation = buy(customer_a, price="3660.00")
    set_clock(partner_a, datetime(2031, 9, 9, 12, 0, tzinfo=UTC))
    reservation = reload(reservation)

    details = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details

    assert (details["termDays"], details["daysUsed"], details["daysLeft"]) == (366, 100, 266)
    assert details["amount"] == "2660.00"


def test_a_lower_catalog_price_today_is_the_price_used(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a, price="3650.00")
    Price.objects.filter(availability=reservation.availability, market="IT").update(unit_price=Decimal("1825.00"))

    details = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details

    assert (details["purchaseUnitPrice"], details["currentUnitPrice"]) == ("3650.0000", "1825.0000")
    assert (details["unitPriceUsed"], details["priceBasis"]) == ("1825.0000", "current")
    assert details["amount"] == "1825.00"


def test_a_higher_catalog_price_today_keeps_the_purchase_price(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a, price="3650.00")
    Price.objects.filter(availability=reservation.availability, market="IT").update(unit_price=Decimal("9999.00"))

    details = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1).details

    assert details["priceBasis"] == "purchase"
    assert details["amount"] == "3650.00"


@pytest.mark.parametrize(
    ("profile_fixture", "fee", "amount"), [(None, "876.00", "6424.00"), ("current", "0.00", "7300.00")]
)
def test_the_fee_follows_the_partner_profile(request, buy, customer_a, admin_agent_a, profile_fixture, fee, amount):
    if profile_fixture:
        request.getfixturevalue("current_profile")
    reservation = buy(customer_a, price="3650.00", quantity=2)

    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=2)

    assert (quote.details["fee"], quote.details["amount"]) == (fee, amount)
    assert quote.policy_profile == ("current" if profile_fixture else "seed")


def test_monthly_refunds_what_was_paid_beyond_the_days_used_and_stops_instalments(
    buy, customer_a, admin_agent_a, partner_a, current_profile
):
    from simulation.services import clock_advance

    reservation = buy(customer_a, price="3650.00", billing_plan="Monthly")
    clock_advance(partner=partner_a, by=timedelta(days=40))  # the second instalment is charged on day 31
    assert reservation.instalments.count() == 2

    quote, refund = quote_and_return(reservation, admin_agent_a)

    # Paid 304.17 + 304.16 = 608.33; 40 days used at 10.00 a day = 400.00.
    assert (quote.details["paid"], quote.details["paymentsMade"], quote.details["paymentsTotal"]) == ("608.33", 2, 12)
    assert refund.amount == Decimal("208.33")
    clock_advance(partner=partner_a, by=timedelta(days=70))
    assert reservation.instalments.count() == 2


def test_a_partial_return_lowers_the_quantity_and_a_full_one_cancels(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a, price="1000.00", quantity=3)

    quote_and_return(reservation, admin_agent_a, quantity=1)
    reservation.refresh_from_db()
    assert (reservation.quantity, reservation.provisioning_state) == (2, ProvisioningState.SUCCEEDED)

    quote_and_return(reservation, admin_agent_a, quantity=2)
    reservation.refresh_from_db()
    assert (reservation.quantity, reservation.provisioning_state) == (0, ProvisioningState.CANCELLED)
    assert reservation.ended_at == T0
    change = ReservationStateChange.objects.get(reservation=reservation, new_state=ProvisioningState.CANCELLED)
    assert (change.old_state, change.actor, change.reason) == ("Succeeded", admin_agent_a.username, "return")


@pytest.mark.parametrize("quantity", [0, 4, -1, "2", 1.5, True])
def test_a_quantity_outside_the_reservation_is_refused(buy, customer_a, admin_agent_a, quantity):
    reservation = buy(customer_a, quantity=3)

    with pytest.raises(InvalidRefundQuantity):
        refund_quote(reservation=reservation, actor=admin_agent_a, quantity=quantity)


def test_a_type_that_cannot_be_refunded_is_refused(buy, customer_a, admin_agent_a):
    reservation = buy(customer_a)
    reservation.reserved_resource_type = ReservedResourceType.DATABRICKS
    reservation.save(update_fields=["reserved_resource_type"])

    with pytest.raises(RefundNotSupported) as refusal:
        refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    assert refusal.value.azure_code == "SelfServiceRefundNotSupported"


def test_the_credit_lands_on_the_open_invoice_with_the_market_tax(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a, price="3650.00")
    _quote, refund = quote_and_return(reservation, admin_agent_a)

    assert run_credits() == 1

    credit = InvoiceLine.objects.get(kind=LineKind.CREDIT, source=refund.credit_source)
    assert (credit.subtotal, credit.currency, credit.charge_type) == (Decimal("-3650.00"), "EUR", "refund")
    assert credit.credits_source == f"reservations.instalment:{reservation.reservation_id}:0"
    assert credit.invoice.is_open
    refund.refresh_from_db()
    assert refund.credited_at == T0


def test_quote_and_return_are_audited_with_the_actor(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a)
    quote_and_return(reservation, admin_agent_a)

    records = AuditRecord.objects.filter(operation_type__in=["calculate_refund", "return_reservation"])
    assert sorted(records.values_list("operation_type", "user_principal_name")) == [
        ("calculate_refund", admin_agent_a.username),
        ("return_reservation", admin_agent_a.username),
    ]


def test_a_reader_role_cannot_quote(buy, customer_a, make_user):
    from reservations.errors import ReservationForbidden

    reservation = buy(customer_a)
    helpdesk = make_user(Role.HELPDESK_AGENT)

    with pytest.raises(ReservationForbidden):
        refund_quote(reservation=reservation, actor=helpdesk, quantity=1)
    assert not Refund.objects.exists()
