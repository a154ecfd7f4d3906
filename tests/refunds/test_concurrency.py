"""32 returns at once for one customer, worth twice the cap: the accepted ones never pass USD 50,000.00."""

from decimal import Decimal

import pytest

from reservations.models import Refund, RefundQuote
from reservations.refund_errors import RefundLimitExceeded
from reservations.services.refunds import refund_quote, reservation_return
from tests.concurrency import run_concurrently

RETURNS = 32


@pytest.mark.django_db(transaction=True)
def test_32_concurrent_returns_worth_twice_the_cap_never_pass_it(buy, us_customer, admin_agent_a, current_profile):
    # Given 32 reservations of USD 3,125 each (USD 100,000 in all), each with a quote seeing the whole cap free
    sessions = [
        refund_quote(reservation=buy(us_customer, price="3125.00"), actor=admin_agent_a, quantity=1).session_id
        for _ in range(RETURNS)
    ]
    assert all(quote.details["cap"]["leftUsd"] == "50000.00" for quote in RefundQuote.objects.all())

    # When they are all returned at the same instant, each on its own database connection
    outcomes = run_concurrently(
        lambda: reservation_return(session_id=sessions.pop(), actor=admin_agent_a, customer=us_customer), RETURNS
    )

    # Then the accepted sum stays within the cap and every refusal is the cap's
    accepted = [outcome for outcome in outcomes if isinstance(outcome, Refund)]
    refused = [outcome for outcome in outcomes if not isinstance(outcome, Refund)]
    assert all(isinstance(outcome, RefundLimitExceeded) for outcome in refused), refused
    total = sum((refund.amount_usd for refund in Refund.objects.all()), Decimal(0))
    assert total <= Decimal("50000.00")
    assert (len(accepted), len(refused), total) == (16, 16, Decimal("50000.00"))
