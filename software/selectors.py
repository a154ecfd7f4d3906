"""Reads on software purchases and the software activity log, always scoped to a partner or customer."""

from datetime import datetime

from django.db.models import QuerySet

from commerce.models import SkuKind
from partnercenter import activity, clock
from partnercenter.errors import NotFound
from partnercenter.models import AuditRecord
from partnercenter.prepared import PreparedQuery
from partnercenter.selectors import audit_record_list
from software import policy
from software.models import CancellationPolicy, SoftwarePurchase, SoftwareSettings

# Every cancellation reads it: compiled once per connection (one row per partner at most).
_SETTINGS = PreparedQuery(
    lambda partner_id: SoftwareSettings.objects.filter(partner_id=partner_id).only("cancellation_policy"),
    partner_id=-1,
)


def policy_for(partner) -> str:
    """The partner's cancellation policy profile; legacy unless the partner's settings say otherwise."""
    found = _SETTINGS(partner_id=partner.pk)
    return (found[0].cancellation_policy if found else "") or CancellationPolicy.LEGACY


def _purchases() -> QuerySet[SoftwarePurchase]:
    return SoftwarePurchase.objects.select_related(
        "order_line__order", "order_line__availability__sku__product", "customer"
    ).order_by("-purchased_at", "-id")


def purchase_list(*, partner, customer) -> QuerySet[SoftwarePurchase]:
    """Every software purchase of one customer of the partner, newest first."""
    return _purchases().filter(partner=partner, customer=customer)


def subscription_list(*, partner, customer) -> QuerySet[SoftwarePurchase]:
    """The customer's software subscriptions and software plans: Partner Center's Get Subscriptions does not
    return perpetual licences."""
    return purchase_list(partner=partner, customer=customer).exclude(sku_kind=SkuKind.PERPETUAL)


def subscription_get(*, partner, customer, subscription_id) -> SoftwarePurchase:
    """The software subscription whose (derived) subscription id is `subscription_id`; 404 otherwise.

    The id is derived from the order line, so it is compared row by row over one customer's subscriptions.
    """
    for purchase in subscription_list(partner=partner, customer=customer):
        if str(purchase.subscription_id) == str(subscription_id).lower():
            return purchase
    raise NotFound("No such subscription.")


def purchase_get(*, partner, customer, pk) -> SoftwarePurchase:
    """One purchase of the partner's customer; anything else is 404."""
    try:
        return _purchases().get(partner=partner, customer=customer, pk=pk)
    except (SoftwarePurchase.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such purchase.") from exc


def customer_purchase_list(*, customer) -> QuerySet[SoftwarePurchase]:
    """What a customer's own global admin sees: that customer's software only."""
    return _purchases().filter(customer=customer)


def customer_purchase_get(*, customer, pk) -> SoftwarePurchase:
    try:
        return _purchases().get(customer=customer, pk=pk)
    except (SoftwarePurchase.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such purchase.") from exc


def purchase_for_line(*, partner, customer, order_id: str, line_number) -> SoftwarePurchase:
    """The purchase behind an order line (the entitlement id of the API is "orderId:lineNumber")."""
    try:
        return _purchases().get(
            partner=partner,
            customer=customer,
            order_line__order__order_id=order_id,
            order_line__line_number=int(line_number),
        )
    except (SoftwarePurchase.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such entitlement.") from exc


def cancel_candidates(*, partner, customer, purchase) -> list[SoftwarePurchase]:
    """The cancel dialog's order id drop-down: the customer's purchases of the same SKU not yet cancelled.

    Partner Center asks for the order id because one product may have been bought in several orders.
    """
    same_sku = purchase_list(partner=partner, customer=customer).filter(
        order_line__availability__sku_id=purchase.order_line.availability.sku_id
    )
    return [candidate for candidate in same_sku if not candidate.is_cancelled] or [purchase]


def cancel_standings(*, partner, purchases) -> list[tuple[SoftwarePurchase, policy.Eligibility]]:
    """Where each purchase stands for a cancellation now (partner clock, the partner's policy profile)."""
    now, profile = clock.now(partner), policy_for(partner)
    return [(purchase, policy.eligibility(purchase=purchase, policy=profile, now=now)) for purchase in purchases]


def cancel_default(*, standings, prefer_pk: int) -> int:
    """The order the dialog offers first: the one asked for while it can be cancelled, else the next that can.

    So the dialog can be used again at once for each order of the product (seed: repeat per order id).
    """
    open_pks = [purchase.pk for purchase, eligibility in standings if eligibility.allowed]
    if prefer_pk in open_pks or not open_pks:
        return prefer_pk
    return open_pks[0]


def activity_list(*, partner, start: datetime, end: datetime) -> QuerySet[AuditRecord]:
    """The activity log's records (the operations apps registered with partnercenter.activity) in [start, end)."""
    return (
        audit_record_list(partner=partner, start=start, end=end)
        .filter(operation_type__in=activity.operation_types())
        .order_by("-operation_date", "-id")
    )
