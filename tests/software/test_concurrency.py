"""Twenty admin agents cancelling the same line at once: one cancellation, one effect, one credit."""

from datetime import timedelta

import pytest

from billing.models import InvoiceLine
from commerce.errors import CommerceError
from partnercenter.models import ScheduledEffect
from simulation.services import clock_advance
from software import services
from tests.concurrency import run_concurrently


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_cancels_of_one_line_make_one_effect(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    line = purchase.order_line
    outcomes = run_concurrently(
        lambda: services.purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a) and "ok", 20
    )
    outcomes = [outcome.code if isinstance(outcome, CommerceError) else outcome for outcome in outcomes]
    clock_advance(partner=partner_a, by=timedelta(minutes=15))

    assert outcomes.count("ok") == 1
    assert outcomes.count(800061) == 19
    assert ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT, target=str(line.pk)).count() == 1
    assert InvoiceLine.objects.filter(source=f"software.cancel:{line.pk}").count() == 1
