"""API test fixtures: one real row of partner A for every path parameter of /v1."""

from datetime import UTC, datetime

import pytest

from billing.models import Invoice
from commerce.services import cart_create
from simulation.services import clock_advance
from software.serializers import entitlement_id
from support.models import RequestKind
from support.services import problem_report_create
from tests.software_purchases import SQL_ENTERPRISE, THREE_YEARS, catalog_item


@pytest.fixture
def rows_of_a(buy, customer_a, partner_a, admin_agent_a, reservation_a):
    """{path parameter: an id of partner A's row}; an issued invoice needs the clock past a month end."""
    purchase = buy(customer_a)
    cart = cart_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"catalog_item_id": catalog_item(SQL_ENTERPRISE, THREE_YEARS), "quantity": 1}],
    )
    clock_advance(partner=partner_a, to=datetime(2030, 2, 2, tzinfo=UTC))
    return {
        "customer_tenant_id": customer_a.tenant_id,
        "order_id": purchase.order_line.order.order_id,
        "cart_id": cart.cart_id,
        "entitlement_id": entitlement_id(purchase),
        "invoice_id": Invoice.objects.get(partner=partner_a, number__gt="").number,
        "product_id": SQL_ENTERPRISE,
        "sku_id": THREE_YEARS,
        "subscription_id": reservation_a.billing_subscription.plan.subscription_id,
        # GET and PATCH read a service request id here (POST reads an agent locale: see test_tenancy).
        "id_or_locale": problem_report_create(
            actor=admin_agent_a,
            kind=RequestKind.PARTNER_CENTER_PROBLEM,
            title="Portal error",
            description="The invoice page shows an error.",
            severity="minimal",
            contact={"name": "Mario Rossi", "email": "mario@partner.example"},
        ).number,
    }
