"""Billing fixtures: a partner clock frozen mid-January 2030, customers in tax-inclusive and -exclusive markets."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from billing import services
from partnercenter.clock import clock_freeze
from simulation.services import clock_advance
from tests.factories import CustomerFactory

JAN_15 = datetime(2030, 1, 15, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_a(partner_a):
    """Partner A with its clock frozen at 15 January 2030, 10:00 UTC (every billing test starts there)."""
    clock_freeze(partner=partner_a)
    clock_advance(partner=partner_a, to=JAN_15)
    return partner_a


@pytest.fixture
def billing_admin_a(make_user):
    return make_user(Role.BILLING_ADMIN)


@pytest.fixture
def customer_au(frozen_a):
    return CustomerFactory(partner=frozen_a, company_name="Kangaroo Pty", market="AU", state="NSW")


@pytest.fixture
def customer_br(frozen_a):
    return CustomerFactory(partner=frozen_a, company_name="Papagaio Ltda", market="BR", state="SP")


@pytest.fixture
def charge(frozen_a):
    """charge(customer, amount, **overrides) -> a one-unit charge posted through the service."""
    counter = iter(range(1, 10_000))

    def post(customer, unit_price, *, currency="EUR", quantity=1, at=None, source=None, **overrides):
        number = next(counter)
        return services.charge_post(
            customer=customer,
            source=source or f"test:charge:{number}",
            order_id=overrides.pop("order_id", f"ORDER{number:04d}"),
            product_name=overrides.pop("product_name", "Windows Server 2022 Standard"),
            sku_name=overrides.pop("sku_name", "16 core"),
            quantity=quantity,
            unit_price=Decimal(unit_price),
            currency=currency,
            charged_at=at or customer.partner.clock_frozen_at,
            **overrides,
        )

    return post
