"""Azure's own API on the reservation services: Azure's bodies in, the one purchase and update paths out.

`PUT reservationOrders/{id}` buys through `reservations.services.reservation_purchase` (the commerce order the
Add products page and Partner Center's orders place), `PATCH .../reservations/{id}` changes through
`reservation_update`; each is recorded as ARM's long-running operation, which the client then polls.
`calculatePrice` prices through `reservation_quote`. No rule is decided here: this module only translates.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from arm.models import AsyncOperation
from arm.resources import provider_id
from arm.selectors import operation_for_resource
from arm.services import operation_record
from commerce.markets import market_validate
from commerce.tax import TaxSplit
from partnercenter.money import round_money
from reservations import selectors, services
from reservations.errors import ReservationError
from reservations.models import AppliedScopeType, Instalment, Reservation, ReservationOrder, day_start
from reservations.services.instalments import unit_instalment

PURCHASE_ACTION = "Microsoft.Capacity/reservationOrders/write"
UPDATE_ACTION = "Microsoft.Capacity/reservationOrders/reservations/write"


@dataclass(frozen=True)
class AzurePurchase:
    """Azure's PurchaseRequest once its structure is checked (reservations.azure_serializers.PurchaseRequestIn)."""

    reserved_resource_type: str
    sku_name: str
    location: str
    term: str
    billing_plan: str
    quantity: int
    billing_subscription_id: uuid.UUID
    applied_scope_type: str
    applied_subscription_id: uuid.UUID | None
    display_name: str
    renew: bool
    instance_flexibility: str


def request_fingerprint(body) -> str:
    """SHA-256 of a JSON body in a canonical form: the same purchase sent twice has the same fingerprint."""
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _offer(*, customer, purchase: AzurePurchase):
    """The catalog item Azure's body names, in the customer's market (an unavailable market is refused first)."""
    market = market_validate(customer.market)
    offer = selectors.reservation_offer_find(
        market=market,
        reserved_resource_type=purchase.reserved_resource_type,
        sku_name=purchase.sku_name,
        location=purchase.location,
        term=purchase.term,
    )
    if offer is None:
        raise ReservationError(
            _("No %(type)s reservation %(sku)s in %(location)s for %(term)s is sold in %(market)s.")
            % {
                "type": purchase.reserved_resource_type,
                "sku": purchase.sku_name,
                "location": purchase.location,
                "term": purchase.term,
                "market": market,
            },
            error_name="CatalogItemNotFound",
            azure_code="InvalidFulfillmentRequestParameters",
        )
    return offer


@dataclass(frozen=True)
class PriceQuote:
    quote: services.Quote
    totals: TaxSplit
    schedule: list[tuple[datetime, object]]


def azure_price(*, customer, purchase: AzurePurchase, now: datetime) -> PriceQuote:
    """What the purchase would cost: the term's total split by the market's tax rule (the quote's), and each
    payment's due date and amount.

    The schedule is the one a reservation order bought `now` would follow (ReservationOrder.instalment_due).
    """
    offer = _offer(customer=customer, purchase=purchase)
    quote = services.reservation_quote(
        customer=customer,
        catalog_item_id=offer.catalog_item_id,
        quantity=purchase.quantity,
        billing_plan=purchase.billing_plan,
    )
    order = ReservationOrder(purchased_at=now, benefit_start=day_start(now), term=purchase.term)
    schedule = [
        (
            order.instalment_due(sequence),
            round_money(
                unit_instalment(
                    unit_price=offer.unit_price, currency=quote.currency, count=quote.payments, sequence=sequence
                )
                * quote.quantity,
                quote.currency,
            ),
        )
        for sequence in range(quote.payments)
    ]
    return PriceQuote(quote=quote, totals=quote.term_tax, schedule=schedule)


def reservation_order_put(
    *, customer, actor, reservation_order_id: uuid.UUID, purchase: AzurePurchase, request_hash: str
) -> tuple[ReservationOrder, AsyncOperation]:
    """Buy the reservation order Azure's PUT names, or return the one this same PUT already bought.

    A PUT is idempotent: sent again with the same body it answers the first purchase's order and operation
    and buys nothing; with another body, or for an id already used, it is ReservationOrderIdAlreadyExists.
    At purchase a Single scope applies to the billing subscription (Partner Center's provisioning rule);
    PATCH moves it afterwards.
    """
    resource_id = provider_id("reservationOrders", reservation_order_id)
    previous = operation_for_resource(
        partner=customer.partner, tenant_id=customer.tenant_id, action=PURCHASE_ACTION, resource_id=resource_id
    )
    if previous is not None and previous.request_hash == request_hash:
        order = ReservationOrder.objects.get(customer=customer, reservation_order_id=reservation_order_id)
        return order, previous
    if (
        purchase.applied_scope_type == AppliedScopeType.SINGLE
        and purchase.applied_subscription_id != purchase.billing_subscription_id
    ):
        raise ReservationError(
            _("At purchase a Single scope applies to the billing subscription; change the scope afterwards."),
            error_name="InvalidScope",
            azure_code="InvalidSingleAppliedScopesCount",
        )
    offer = _offer(customer=customer, purchase=purchase)
    order = services.reservation_purchase(
        customer=customer,
        actor=actor,
        catalog_item_id=offer.catalog_item_id,
        quantity=purchase.quantity,
        subscription_id=purchase.billing_subscription_id,
        scope=purchase.applied_scope_type,
        billing_plan=purchase.billing_plan,
        display_name=purchase.display_name,
        renew=purchase.renew,
        instance_flexibility=purchase.instance_flexibility,
        reservation_order_id=reservation_order_id,
    )
    operation = operation_record(
        partner=customer.partner,
        tenant_id=customer.tenant_id,
        action=PURCHASE_ACTION,
        resource_id=order.resource_id,
        request_hash=request_hash,
    )
    return order, operation


def reservation_patch(
    *, reservation: Reservation, actor, changes: dict, if_match: str | None = None
) -> tuple[Reservation, AsyncOperation]:
    """Azure's PATCH: `reservation_update` with `changes` under the If-Match precondition, and its operation,
    in one transaction."""
    with transaction.atomic():
        updated = services.reservation_update(reservation=reservation, actor=actor, if_match=if_match, **changes)
        operation = operation_record(
            partner=updated.partner,
            tenant_id=updated.customer.tenant_id,
            action=UPDATE_ACTION,
            resource_id=updated.resource_id,
        )
    return updated, operation


@dataclass(frozen=True)
class Payment:
    """One payment of a reservation order, as Azure's PaymentDetail shows it."""

    due: date
    paid: date | None
    amount: Decimal
    currency: str
    status: str  # Succeeded (charged), Scheduled (still to come), Cancelled (no active reservation left)


def order_payment_schedule(*, order: ReservationOrder) -> list[Payment]:
    """Every payment of the order over its term (Azure's `$expand=schedule`): the charged ones as charged, the
    others as its active reservations will be charged (`reservations.services.instalments`), one query.

    `order.reservations` must be prefetched (reservations.selectors.reservation_order_get does).
    """
    reservations = list(order.reservations.all())
    charged: dict[int, list[Instalment]] = {}
    for instalment in Instalment.objects.filter(reservation__in=reservations).order_by("sequence", "pk"):
        charged.setdefault(instalment.sequence, []).append(instalment)
    active = [reservation for reservation in reservations if reservation.is_active]
    payments = []
    for sequence in range(order.instalment_count):
        due = order.instalment_due(sequence).date()
        if sequence in charged:
            rows = charged[sequence]
            paid = rows[0].due_at.date()
            payments.append(Payment(due, paid, sum(r.amount for r in rows), order.currency, "Succeeded"))
            continue
        pending = active or reservations
        amount = sum(
            round_money(
                unit_instalment(
                    unit_price=r.unit_price, currency=r.currency, count=order.instalment_count, sequence=sequence
                )
                * r.quantity,
                r.currency,
            )
            for r in pending
        )
        payments.append(Payment(due, None, amount, order.currency, "Scheduled" if active else "Cancelled"))
    return payments
