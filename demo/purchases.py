"""Demo software purchases (some inside, some outside the cancellation window) and a customer admin.

Orders go through commerce.services.order_create at the partner's current time, which also posts
the charge. The clock never moves back, so purchases meant to look older are then backdated: the
order's created_at and the purchase's purchased_at are set to an earlier partner-clock instant.
Their charge stays on the invoice open today (billing's data is left as billing wrote it).
"""

from datetime import timedelta

from django.db import transaction

from accounts.models import User
from accounts.services import customer_user_create
from commerce.catalog_seed import availability_id_for
from commerce.markets import is_market_available
from commerce.models import Price
from commerce.services import order_create
from partnercenter import clock
from software.models import SoftwarePurchase

# (product id, SKU id, quantity, days ago): 3 and 12 days are inside the 30-day window, 45 outside;
# the SUSE plan can never be cancelled.
PURCHASES = [
    ("DG7GMGF0D65N", "0001", 2, 3),
    ("DG7GMGF0FKZV", "0003", 1, 12),
    ("DG7GMGF0D5RK", "0002", 4, 45),
    ("DZH318Z0BQ5S", "0001", 1, 5),
]
CUSTOMERS_WITH_SOFTWARE = 4


def _catalog_item(product_id: str, sku_id: str) -> str:
    return f"{product_id}:{sku_id}:{availability_id_for(product_id, sku_id)}"


@transaction.atomic
def _buy(customer, product_id: str, sku_id: str, quantity: int, days_ago: int) -> None:
    order = order_create(
        customer=customer,
        actor=None,
        line_items=[{"catalog_item_id": _catalog_item(product_id, sku_id), "quantity": quantity}],
    )
    if days_ago:
        purchased_at = clock.now(customer.partner) - timedelta(days=days_ago)
        order.created_at = purchased_at
        order.save(update_fields=["created_at"])
        SoftwarePurchase.objects.filter(order_line__order=order).update(purchased_at=purchased_at)


def seed_software(partner) -> int:
    """Software for the partner's first customers in markets with prices; returns purchases created."""
    priced_markets = set(Price.objects.values_list("market", flat=True))
    customers = [
        customer
        for customer in partner.customers.order_by("id")
        if is_market_available(str(customer.market)) and str(customer.market) in priced_markets
    ][:CUSTOMERS_WITH_SOFTWARE]
    created = 0
    for customer in customers:
        if SoftwarePurchase.objects.filter(customer=customer).exists():
            continue
        for product_id, sku_id, quantity, days_ago in PURCHASES:
            _buy(customer, product_id, sku_id, quantity, days_ago)
            created += 1
    return created


def seed_customer_admin(partner, *, password: str) -> User | None:
    """A global admin for the partner's first customer with software: admin@<domain prefix>.example."""
    purchase = SoftwarePurchase.objects.filter(partner=partner).select_related("customer").order_by("id").first()
    if purchase is None:
        return None
    customer = purchase.customer
    username = f"admin@{customer.domain.split('.')[0]}.example"
    existing = User.objects.filter(username=username).first()
    return existing or customer_user_create(customer=customer, username=username, email=username, password=password)
