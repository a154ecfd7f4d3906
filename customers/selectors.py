"""Reads on customers, always scoped to the acting partner."""

import contextlib
import uuid

from django.db.models import Q, QuerySet

from customers.models import Customer
from partnercenter.errors import NotFound
from partnercenter.prepared import PreparedQuery


def customer_list(*, partner, search: str = "", market: str = "") -> QuerySet[Customer]:
    """The partner's customers, optionally searched by name, domain or tenant id, and filtered by market."""
    customers = customers_matching(Customer.objects.filter(partner=partner), search)
    if market:
        customers = customers.filter(market=market.upper())
    return customers.order_by("company_name", "id")


def customers_matching(customers: QuerySet[Customer], search: str) -> QuerySet[Customer]:
    """Those of `customers` whose name or domain contains `search`, or whose tenant id it is."""
    search = (search or "").strip()
    if not search:
        return customers
    condition = Q(company_name__icontains=search) | Q(domain__icontains=search)
    with contextlib.suppress(ValueError):
        condition |= Q(tenant_id=uuid.UUID(search))
    return customers.filter(condition)


# Every Azure request and most customer pages read the customer of their URL: compiled once per connection.
_PARTNER_CUSTOMER = PreparedQuery(
    lambda partner_id, tenant_id: Customer.objects.select_related("partner").filter(
        partner_id=partner_id, tenant_id=tenant_id
    ),
    partner_id=-1,
    tenant_id=uuid.UUID(int=0),
)


def customer_get(*, partner, tenant_id) -> Customer:
    """One customer of the partner by tenant id; another partner's customer is 404, not 403."""
    try:
        tenant = tenant_id if isinstance(tenant_id, uuid.UUID) else uuid.UUID(str(tenant_id))
    except ValueError as exc:
        raise NotFound("No such customer.") from exc
    customers = _PARTNER_CUSTOMER(partner_id=partner.pk, tenant_id=tenant) if partner is not None else []
    if not customers:
        raise NotFound("No such customer.")
    return customers[0]
