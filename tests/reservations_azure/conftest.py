"""Azure API fixtures: partner A's customer with an Azure plan, two subscriptions and a way to buy reservations."""

import pytest

from accounts.models import Role
from partnercenter.clock import clock_freeze
from reservations import selectors, services
from reservations.catalog import catalog_load_current
from tests.factories import CustomerFactory

VM = {"reserved_resource_type": "VirtualMachines", "sku_name": "Standard_D2s_v5", "location": "westeurope"}


def base(customer) -> str:
    return f"/azure/{customer.tenant_id}/providers/Microsoft.Capacity"


@pytest.fixture
def frozen_a(partner_a):
    """Partner A's clock frozen (then moved only by the tests)."""
    clock_freeze(partner=partner_a)
    return partner_a


@pytest.fixture
def azure_customer(frozen_a, customer_a, admin_agent_a):
    """customer_a (Italy, EUR) with an Azure plan: `.subscriptions` = [first, "Production"]."""
    catalog_load_current()
    services.azure_plan_purchase(customer=customer_a, actor=admin_agent_a)
    services.azure_subscription_add(customer=customer_a, actor=admin_agent_a, friendly_name="Production")
    customer_a.subscriptions = list(selectors.azure_subscription_list(partner=frozen_a, customer=customer_a))
    return customer_a


@pytest.fixture
def azure_customer_b(partner_b, admin_agent_b):
    customer = CustomerFactory(partner=partner_b, company_name="Beta Srl", domain="betait.onmicrosoft.com", market="IT")
    catalog_load_current()
    services.azure_plan_purchase(customer=customer, actor=admin_agent_b)
    customer.subscriptions = list(selectors.azure_subscription_list(partner=partner_b, customer=customer))
    return customer


@pytest.fixture
def buy(admin_agent_a):
    """buy(customer, term="P1Y", billing_plan="Upfront", quantity=1, actor=admin agent A, **purchase) -> order."""

    def purchase(customer, *, term="P1Y", billing_plan="Upfront", quantity=1, actor=None, **options):
        offer = selectors.reservation_offer_find(market=str(customer.market), term=term, **VM)
        return services.reservation_purchase(
            customer=customer,
            actor=actor or admin_agent_a,
            catalog_item_id=offer.catalog_item_id,
            quantity=quantity,
            subscription_id=customer.subscriptions[0].subscription_id,
            billing_plan=billing_plan,
            **options,
        )

    return purchase


@pytest.fixture
def reader_a(make_user):
    """An account admin: no reservation rights of its own (tests assign it Reservations Reader)."""
    return make_user(Role.ACCOUNT_ADMIN)
