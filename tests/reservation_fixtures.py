"""Reservation test helpers: catalog items by size/region/term, Azure plans and purchases through the services."""

import pytest

from accounts.models import Role
from reservations import services
from reservations.catalog import availability_id_for, reservation_skus

DSV5 = "DZH318Z0BQ3Q"
SQL_DB = "DZH318Z0BQ4C"
COSMOS = "DZH318Z0BQ4D"
APP_SERVICE = "DZH318Z0BQ4F"


def reservation_item(sku_name: str = "Standard_D2s_v5", region: str = "westeurope", term: str = "P1Y") -> str:
    """The catalog item id of a reservation SKU (size, Azure region, term)."""
    for product_id, sku_id, _title, sku_term, attributes, _usd in reservation_skus():
        if attributes["armSkuName"] == sku_name and attributes["armRegionName"] == region and sku_term == term:
            return f"{product_id}:{sku_id}:{availability_id_for(product_id, sku_id)}"
    raise LookupError((sku_name, region, term))


@pytest.fixture
def azure_plan(catalog, frozen):
    """azure_plan(customer, name="Azure subscription 1") -> the customer's AzurePlan (bought by the system)."""

    def buy(customer, name="Azure subscription 1"):
        return services.azure_plan_purchase(customer=customer, actor=None, friendly_name=name)

    return buy


@pytest.fixture
def plan_a(azure_plan, customer_a):
    return azure_plan(customer_a)


@pytest.fixture
def subscription_a(plan_a):
    """Customer A's first Azure subscription."""
    return plan_a.azure_subscriptions.get()


@pytest.fixture
def reserve(catalog, frozen):
    """reserve(customer, subscription, item=D2s v5 westeurope P1Y, quantity=1, **kwargs) -> the Reservation."""

    def buy(customer, subscription, item=None, quantity=1, actor=None, **kwargs):
        order = services.reservation_purchase(
            customer=customer,
            actor=actor,
            catalog_item_id=item or reservation_item(),
            quantity=quantity,
            subscription_id=subscription.subscription_id,
            **kwargs,
        )
        return order.reservations.select_related("order", "customer", "partner").get()

    return buy


@pytest.fixture
def reservation_a(reserve, customer_a, subscription_a):
    """One upfront 1-year D2s v5 reservation in West Europe for customer A, shared scope."""
    return reserve(customer_a, subscription_a)


@pytest.fixture
def sales_agent_a(make_user):
    return make_user(Role.SALES_AGENT)
