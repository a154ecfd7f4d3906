"""Refund refusals speak Italian to an Italian user."""

import pytest
from django.utils import translation

from reservations.refund_errors import RefundNotSupported
from reservations.services.refunds import refund_quote

pytestmark = pytest.mark.django_db


def test_a_refusal_is_in_italian(buy, customer_a, admin_agent_a):
    reservation = buy(customer_a)
    reservation.reserved_resource_type = "Databricks"
    reservation.save(update_fields=["reserved_resource_type"])

    with translation.override("it"), pytest.raises(RefundNotSupported) as refusal:
        refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)

    assert refusal.value.description == "Le prenotazioni Azure Databricks non possono essere rimborsate né cambiate."
