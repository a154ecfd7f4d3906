"""Twenty admin agents cancelling the same line at once: one cancellation, one effect, one credit."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from billing.models import InvoiceLine
from commerce.fulfilment import CommerceError
from partnercenter.clock import clock_advance
from partnercenter.models import ScheduledEffect
from software import services


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_cancels_of_one_line_make_one_effect(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    line = purchase.order_line
    barrier = threading.Barrier(20)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            services.purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a)
            outcomes.append("ok")
        except CommerceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    clock_advance(partner=partner_a, by=timedelta(minutes=15))

    assert outcomes.count("ok") == 1
    assert outcomes.count(800061) == 19
    assert ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT, target=str(line.pk)).count() == 1
    assert InvoiceLine.objects.filter(source=f"software.cancel:{line.pk}").count() == 1
