"""Tenancy on every /v1 operation: partner B's application reaching partner A's rows gets 404.

The operations are read from the OpenAPI schema (which the conventions test proves lists every
/v1 route), so an endpoint is covered the day it is added. A new path parameter fails this test
until it gets a real value of partner A below: the 404 must come from the tenant, not a bad id.
"""

import re
from datetime import UTC, datetime

import pytest
from drf_spectacular.generators import SchemaGenerator

from billing.models import Invoice
from commerce.models import Order
from commerce.services import cart_create
from partnercenter.clock import clock_advance
from partnercenter.models import AuditRecord, ScheduledEffect
from software.serializers import entitlement_id
from tests.api_personas import assert_error
from tests.software_purchases import SQL_ENTERPRISE, THREE_YEARS, catalog_item

# The catalog is shared by every partner: these parameters name no tenant's row.
SHARED_PARAMETERS = {"product_id", "sku_id"}


def tenant_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        if names - SHARED_PARAMETERS:
            operations += [(method, path) for method in methods]
    return operations


@pytest.fixture
def rows_of_a(buy, customer_a, partner_a, admin_agent_a):
    """One row of partner A for every tenant path parameter (an issued invoice needs a month end)."""
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
    }


def call(client, method: str, url: str):
    if method in ("post", "patch", "put"):
        return getattr(client, method)(url, {}, format="json")
    return getattr(client, method)(url)


def test_every_operation_on_another_partners_rows_is_404_and_changes_nothing(app_api, app_api_b, partner_a, rows_of_a):
    operations = tenant_operations()
    assert ("get", "/v1/customers/{customer_tenant_id}") in operations
    assert ("patch", "/v1/customers/{customer_tenant_id}/orders/{order_id}") in operations

    def url_of(path):
        missing = set(re.findall(r"\{(\w+)\}", path)) - set(rows_of_a)
        assert not missing, f"{path}: give partner A's row for {missing} in rows_of_a"
        return re.sub(r"\{(\w+)\}", lambda m: str(rows_of_a[m.group(1)]), path)

    def footprint():
        return (
            AuditRecord.objects.filter(partner=partner_a).count(),
            Order.objects.filter(partner=partner_a).count(),
            ScheduledEffect.objects.filter(partner=partner_a).count(),
        )

    before = footprint()
    for method, path in operations:
        response = call(app_api_b, method, url_of(path))
        assert response.status_code == 404, (method, path, response.content)
        assert_error(response, 404, 1000)
    assert footprint() == before, "partner B's calls left a trace in partner A's data"

    for method, path in operations:  # the same URLs exist for partner A: B's 404 is the tenant's
        status = call(app_api, method, url_of(path)).status_code
        assert status != 404 and status < 500, (method, path, status)
