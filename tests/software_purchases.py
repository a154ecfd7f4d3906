"""Software test helpers: a frozen partner clock and purchases made through commerce's order_create."""

from datetime import UTC, datetime

import pytest

from accounts.models import Role
from commerce.catalog_seed import availability_id_for
from commerce.services import order_create
from software.models import CancellationPolicy, SoftwarePurchase, SoftwareSettings

T0 = datetime(2030, 1, 10, 9, 0, tzinfo=UTC)

WS_DATACENTER = "DG7GMGF0D65N"
SQL_ENTERPRISE = "DG7GMGF0FKZV"
SUSE = "DZH318Z0BQ5S"
RED_HAT = "DZH318Z0BQ6R"
PERPETUAL, ONE_YEAR, THREE_YEARS = "0001", "0002", "0003"

# Every Partner Center role but the one that may get keys, downloads and links and cancel purchases.
NOT_ADMIN_AGENT_ROLES = [role for role in Role if role != Role.ADMIN_AGENT]
# The roles that may open a customer's pages (and so see the Software tab's list).
CUSTOMER_PAGE_ROLES = {Role.GLOBAL_ADMIN, Role.SALES_AGENT, Role.HELPDESK_AGENT, Role.BILLING_ADMIN}


def catalog_item(product_id: str, sku_id: str) -> str:
    return f"{product_id}:{sku_id}:{availability_id_for(product_id, sku_id)}"


@pytest.fixture
def frozen(partner_a, partner_b):
    """Both partners' clocks stopped at T0 (tests then only move them forward)."""
    for partner in (partner_a, partner_b):
        partner.clock_frozen_at = T0
        partner.save(update_fields=["clock_frozen_at"])
    return T0


@pytest.fixture
def buy(catalog, frozen):
    """buy(customer, product_id=WS_DATACENTER, sku_id=PERPETUAL, quantity=1) -> the SoftwarePurchase (line 0)."""

    def purchase(customer, product_id=WS_DATACENTER, sku_id=PERPETUAL, quantity=1, extra=()):
        items = [{"catalog_item_id": catalog_item(product_id, sku_id), "quantity": quantity}]
        items += [{"catalog_item_id": catalog_item(p, s), "quantity": 1} for p, s in extra]
        order = order_create(customer=customer, actor=None, line_items=items)
        return SoftwarePurchase.objects.select_related("order_line__order").get(
            order_line__order=order, order_line__line_number=0
        )

    return purchase


@pytest.fixture
def current_policy(partner_a):
    SoftwareSettings.objects.update_or_create(
        partner=partner_a, defaults={"cancellation_policy": CancellationPolicy.CURRENT}
    )
