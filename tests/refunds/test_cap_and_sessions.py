"""The USD 50,000 cap over a rolling 365 days, sessions that expire, credits posted once, who may return."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from accounts.models import Role
from billing.models import InvoiceLine, LineKind
from partnercenter.models import AuditRecord
from reservations.errors import ReservationForbidden
from reservations.models import Refund, RefundQuote, ReservationRoleAssignment
from reservations.refund_errors import QuoteExpired, QuoteNotFound, RefundLimitExceeded
from reservations.refund_selectors import cap_status
from reservations.services.refunds import refund_credit_apply, refund_quote, reservation_return
from tests.refunds.conftest import T0, reload, run_credits, set_clock

pytestmark = pytest.mark.django_db


def returned(reservation, actor):
    reservation = reload(reservation)
    quote = refund_quote(reservation=reservation, actor=actor, quantity=reservation.quantity)
    return reservation_return(session_id=quote.session_id, actor=actor, customer=reservation.customer)


@pytest.fixture
def first_refund(buy, us_customer, admin_agent_a, current_profile):
    """USD 40,000 refunded at T0, and a 3-year reservation still to return (USD 20,000 at purchase)."""
    early = buy(us_customer, price="40000.00")
    later = buy(us_customer, price="20000.00", term="P3Y")
    refund = returned(early, admin_agent_a)
    assert refund.amount_usd == Decimal("40000.00")
    return later


def test_the_window_still_counts_a_refund_one_second_before_365_days(first_refund, partner_a, admin_agent_a):
    set_clock(partner_a, T0 + timedelta(days=365) - timedelta(seconds=1))

    with pytest.raises(RefundLimitExceeded) as refusal:
        returned(first_refund, admin_agent_a)

    assert refusal.value.remaining_usd == Decimal("10000.00")
    assert "USD 10000.00 is left" in refusal.value.description
    assert refusal.value.azure_code == "RefundLimitExceeded"
    assert reload(first_refund).quantity == 1
    assert AuditRecord.objects.filter(operation_type="return_reservation", operation_status="failed").count() == 1


def test_the_window_frees_a_refund_one_second_after_365_days(first_refund, partner_a, admin_agent_a):
    set_clock(partner_a, T0 + timedelta(days=365) + timedelta(seconds=1))

    refund = returned(first_refund, admin_agent_a)

    assert refund.amount_usd > Decimal("10000.00")
    assert cap_status(customer=first_refund.customer, at=T0 + timedelta(days=366)).used == refund.amount_usd


def test_a_quote_shows_the_cap_and_when_the_oldest_refund_leaves(first_refund, partner_a, admin_agent_a):
    set_clock(partner_a, T0 + timedelta(days=30))

    quote = refund_quote(reservation=reload(first_refund), actor=admin_agent_a, quantity=1)

    cap = quote.details["cap"]
    assert (cap["usedUsd"], cap["leftUsd"]) == ("40000.00", "10000.00")
    assert cap["oldestLeavesAt"] == (T0 + timedelta(days=365)).isoformat()
    assert quote.details["policyErrors"][0]["code"] == "RefundLimitExceeded"


def test_other_currencies_count_at_the_days_rate(buy, customer_a, admin_agent_a, current_profile):
    reservation = buy(customer_a, price="10000.00")

    refund = returned(reservation, admin_agent_a)

    assert (refund.amount, refund.currency, refund.usd_rate) == (Decimal("10000.00"), "EUR", Decimal("1.17"))
    assert refund.amount_usd == Decimal("11700.00")
    assert cap_status(customer=customer_a, at=T0).used == Decimal("11700.00")


def test_an_expired_session_is_refused(buy, customer_a, admin_agent_a, partner_a):
    reservation = buy(customer_a)
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    set_clock(partner_a, T0 + timedelta(minutes=15))

    with pytest.raises(QuoteExpired):
        reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    assert not Refund.objects.exists()


def test_a_session_just_before_it_expires_is_accepted(buy, customer_a, admin_agent_a, partner_a):
    reservation = buy(customer_a)
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    set_clock(partner_a, T0 + timedelta(minutes=15) - timedelta(seconds=1))

    assert reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a).quantity == 1


def test_a_session_is_used_once(buy, customer_a, admin_agent_a):
    reservation = buy(customer_a, quantity=2)
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)

    with pytest.raises(QuoteExpired):
        reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    assert Refund.objects.count() == 1


@pytest.mark.parametrize("session_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", ""])
def test_an_unknown_session_is_not_found(buy, customer_a, admin_agent_a, session_id):
    with pytest.raises(QuoteNotFound):
        reservation_return(session_id=session_id, actor=admin_agent_a, customer=customer_a)


def test_another_partners_session_is_not_found(buy, customer_a, customer_b, admin_agent_a, admin_agent_b):
    quote = refund_quote(reservation=buy(customer_a), actor=admin_agent_a, quantity=1)

    with pytest.raises(QuoteNotFound):
        reservation_return(session_id=quote.session_id, actor=admin_agent_b, customer=customer_b)
    assert not Refund.objects.exists()


def test_the_credit_is_posted_once_when_the_effect_runs_twice(buy, customer_a, admin_agent_a):
    refund = returned(buy(customer_a), admin_agent_a)

    assert run_credits() == 1
    assert refund_credit_apply(refund_id=refund.refund_id, at=T0) is False

    assert InvoiceLine.objects.filter(kind=LineKind.CREDIT, source=refund.credit_source).count() == 1


def test_a_credit_killed_halfway_is_posted_once_on_the_rerun(buy, customer_a, admin_agent_a):
    refund = returned(buy(customer_a), admin_agent_a)

    class Killed(Exception):
        pass

    with pytest.raises(Killed), transaction.atomic():
        refund_credit_apply(refund_id=refund.refund_id, at=T0)
        raise Killed
    assert not InvoiceLine.objects.filter(kind=LineKind.CREDIT).exists()

    assert run_credits() == 1
    assert run_credits() == 0
    credit = InvoiceLine.objects.get(kind=LineKind.CREDIT, source=refund.credit_source)
    assert credit.subtotal == -refund.amount


def test_a_reservations_reader_cannot_return(buy, customer_a, admin_agent_a, make_user):
    reservation = buy(customer_a)
    reader = make_user(Role.SALES_AGENT)
    ReservationRoleAssignment.objects.create(
        reservation=reservation, user=reader, role="reservations_reader", created_at=T0, created_by="test"
    )
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)

    with pytest.raises(ReservationForbidden):
        refund_quote(reservation=reload(reservation), actor=reader, quantity=1)
    with pytest.raises(ReservationForbidden):
        reservation_return(session_id=quote.session_id, actor=reader, customer=customer_a)
    assert reload(reservation).quantity == 1
    assert RefundQuote.objects.get(pk=quote.pk).used_at is None


def test_a_customer_user_cannot_return_even_as_owner(buy, customer_a):
    from tests.factories import CustomerUserFactory

    reservation = buy(customer_a)
    user = CustomerUserFactory(customer=customer_a)
    ReservationRoleAssignment.objects.create(
        reservation=reservation, user=user, role="owner", created_at=T0, created_by="test"
    )

    with pytest.raises(ReservationForbidden):
        refund_quote(reservation=reload(reservation), actor=user, quantity=1)
