"""Exchanges: return reservations and buy new ones of the same family with the refund, in one step.

An exchange is a refund outside the USD 50,000 cap and without fee, plus purchases through the one
purchase path (`reservation_purchase`), both on the partner's invoice; the new terms start at the
exchange. The new purchases' total commitment must be at least the returned remaining value (the
days left at the price used). `exchange_quote` checks and keeps a session; `exchange_execute`
re-checks everything under the customer's refund-scope lock and applies it, all or nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from commerce.fulfilment import CommerceError
from partnercenter import clock
from partnercenter.audit import audit_record_write, refusals_audited
from partnercenter.money import round_money
from reservations import refund_selectors
from reservations.errors import InvalidStateTransition, ReservationError, ReservationForbidden
from reservations.models import Exchange, QuoteKind, RefundQuote, Reservation
from reservations.refund_errors import ExchangeNotAllowed, InvalidRefundQuantity, RefundError
from reservations.services import purchase as purchases
from reservations.services.refunds import (
    actor_name,
    assess,
    details_of,
    partner_side_require,
    quantity_release,
    quote_lock,
    refund_record,
    refundable_require,
    reservation_lock,
    scope_lock,
)

NO_FEE = Decimal(0)
PURCHASE_FIELDS = ("catalog_item_id", "quantity", "billing_plan", "subscription_id", "scope", "display_name")


@dataclass(frozen=True)
class ExchangeReturn:
    reservation: Reservation
    quantity: int


def _purchase_priced(*, customer, wanted: dict) -> dict:
    """One purchase of the exchange, checked and priced like an order (nothing written)."""
    unknown = set(wanted) - set(PURCHASE_FIELDS)
    if unknown:
        raise ReservationError(_("Unknown purchase fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    quote = purchases.reservation_quote(
        customer=customer,
        catalog_item_id=wanted.get("catalog_item_id", ""),
        quantity=wanted.get("quantity", 1),
        billing_plan=wanted.get("billing_plan") or "Upfront",
    )
    subscription = purchases.customer_subscription(customer=customer, value=wanted.get("subscription_id"))
    scope = purchases.scope_parse(wanted.get("scope") or "Shared")
    sku = quote.offer.sku
    return {
        "catalogItemId": quote.offer.catalog_item_id,
        "quantity": quote.quantity,
        "billingPlan": quote.billing_plan,
        "subscriptionId": str(subscription.subscription_id),
        "scope": scope,
        "displayName": str(wanted.get("display_name") or ""),
        "reservedResourceType": sku.attributes.get("reservedResourceType", ""),
        "sku": sku.attributes.get("armSkuName", sku.sku_id),
        "skuDescription": sku.title,
        "location": sku.attributes.get("armRegionName", ""),
        "term": sku.term_duration,
        "termTotal": str(quote.term_total),
        "currency": quote.currency,
    }


def _evaluate(*, customer, returns: list[ExchangeReturn], wanted: list[dict], at) -> dict:
    """Price the returns (no fee) and purchases at `at`; the policy errors say what forbids the exchange."""
    if not returns or not wanted:
        raise ExchangeNotAllowed(_("An exchange returns at least one reservation and buys at least one."))
    cap = refund_selectors.cap_status(customer=customer, at=at)
    returned, refunds_total, remaining_total, currencies, families = [], Decimal(0), Decimal(0), set(), set()
    for item in returns:
        assessment = assess(reservation=item.reservation, quantity=item.quantity, at=at, fee_percent=NO_FEE)
        returned.append(details_of(reservation=item.reservation, assessment=assessment, cap=cap, policy_errors=[]))
        refunds_total += assessment.proration.amount
        remaining_total += assessment.proration.remaining_value
        currencies.add(item.reservation.currency)
        families.add(item.reservation.reserved_resource_type)
    bought = [_purchase_priced(customer=customer, wanted=purchase) for purchase in wanted]
    purchases_total = sum((Decimal(item["termTotal"]) for item in bought), Decimal(0))
    currencies |= {item["currency"] for item in bought}
    errors = []
    if len(families) > 1 or any(item["reservedResourceType"] not in families for item in bought):
        errors.append(
            {
                "code": "ExchangeNotAllowed",
                "message": _("An exchange stays in the same reservation family: %(families)s.")
                % {"families": ", ".join(sorted(families))},
            }
        )
    if len(currencies) > 1:
        errors.append({"code": "ExchangeNotAllowed", "message": _("An exchange is made in one currency.")})
    currency = returns[0].reservation.currency
    remaining_total = round_money(remaining_total, currency)
    if purchases_total < remaining_total:
        errors.append(
            {
                "code": "ExchangeNotAllowed",
                "message": _(
                    "The new reservations commit %(bought)s %(currency)s, less than the %(remaining)s %(currency)s "
                    "left on what is returned."
                )
                % {"bought": purchases_total, "remaining": remaining_total, "currency": currency},
            }
        )
    return {
        "reservationsToExchange": returned,
        "reservationsToPurchase": bought,
        "currency": currency,
        "refundsTotal": str(refunds_total),
        "remainingValue": str(remaining_total),
        "purchasesTotal": str(purchases_total),
        "netPayable": str(purchases_total - refunds_total),
        "policyErrors": errors,
    }


def _returns_checked(*, actor, returns) -> list[ExchangeReturn]:
    checked, seen = [], set()
    for item in returns:
        reservation = item.reservation
        if reservation.pk in seen:
            raise InvalidRefundQuantity(_("Name each reservation to exchange once."))
        seen.add(reservation.pk)
        partner_side_require(actor=actor, reservation=reservation)
        checked.append(ExchangeReturn(reservation, refundable_require(reservation, item.quantity)))
    return checked


def exchange_quote(*, customer, actor, returns: list[ExchangeReturn], purchases: list[dict]) -> RefundQuote:
    """Calculate an exchange (Azure's calculateExchange) and keep it as a session.

    `returns` name reservations of the customer (read for the actor) with a quantity; `purchases`
    are dicts of catalog_item_id, quantity, billing_plan, subscription_id, scope, display_name,
    checked like an order. Refused outright: access, state, type, quantity, a purchase the catalog
    refuses. A different family or too small a commitment is quoted with its policy errors.
    """
    now = clock.now(customer.partner)
    for item in returns:
        if item.reservation.customer_id != customer.pk:
            raise ReservationError(_("Every reservation of an exchange must be the customer's."))
    checked = _returns_checked(actor=actor, returns=returns)
    details = _evaluate(customer=customer, returns=checked, wanted=list(purchases), at=now)
    details["purchaseRequests"] = [
        {name: value if name == "quantity" else str(value) for name, value in purchase.items() if value is not None}
        for purchase in purchases
    ]
    profile = refund_selectors.policy_profile_for(customer.partner)
    with transaction.atomic():
        quote = RefundQuote.objects.create(
            kind=QuoteKind.EXCHANGE,
            partner=customer.partner,
            customer=customer,
            policy_profile=profile,
            currency=details["currency"],
            refund_amount=Decimal(details["refundsTotal"]),
            refund_amount_usd=Decimal(0),
            purchase_amount=Decimal(details["purchasesTotal"]),
            details=details,
            created_at=now,
            expires_at=now + settings.RESERVATION_QUOTE_LIFETIME,
            created_by=actor_name(actor),
        )
        audit_record_write(
            partner=customer.partner,
            actor=actor,
            operation_type="calculate_exchange",
            resource_type="azure_reservation",
            customer=customer,
            new_value={
                "sessionId": str(quote.session_id),
                "refundsTotal": details["refundsTotal"],
                "purchasesTotal": details["purchasesTotal"],
                "policyErrors": details["policyErrors"],
            },
            customized_data={"SessionId": quote.session_id, "Currency": quote.currency},
            when=now,
        )
    return quote


def exchange_execute(*, session_id, actor, customer) -> Exchange:
    """Apply an exchange session: refunds (outside the cap, no fee) and the purchases, all or nothing.

    Under the customer's refund-scope lock: the session (unused, not expired), each reservation
    (locked in primary-key order; access, state, quantity), the prices recomputed now, the family
    and value rules (ExchangeNotAllowed). Then the ledger rows, the quantities, the purchases through
    `reservation_purchase` (new terms start now) and an `exchange_reservation` audit record.
    """
    partner = customer.partner
    with refusals_audited(
        errors=(RefundError, ReservationError, ReservationForbidden, InvalidStateTransition, CommerceError),
        partner=partner,
        actor=actor,
        operation_type="exchange_reservation",
        resource_type="azure_reservation",
        customer=customer,
        data={"SessionId": session_id},
    ):
        with transaction.atomic():
            scope_lock(customer=customer)
            now = clock.now(partner)
            quote = quote_lock(customer=customer, session_id=session_id, kind=QuoteKind.EXCHANGE, now=now)
            quoted = quote.details["reservationsToExchange"]
            ids = [item["reservationId"] for item in quoted]
            pks = (
                Reservation.objects.filter(reservation_id__in=ids)
                .order_by("pk")
                .values_list("reservation_id", flat=True)
            )
            locked = {str(rid): reservation_lock(reservation_id=rid) for rid in pks}
            returns = _returns_checked(
                actor=actor,
                returns=[ExchangeReturn(locked[item["reservationId"]], item["quantity"]) for item in quoted],
            )
            requests = [_purchase_request(item) for item in quote.details["purchaseRequests"]]
            details = _evaluate(customer=customer, returns=returns, wanted=requests, at=now)
            if details["policyErrors"]:
                raise ExchangeNotAllowed(details["policyErrors"][0]["message"])
            exchange = Exchange.objects.create(
                partner=partner,
                customer=customer,
                quote=quote,
                currency=details["currency"],
                refunds_total=Decimal(details["refundsTotal"]),
                purchases_total=Decimal(details["purchasesTotal"]),
                exchanged_at=now,
                actor=actor_name(actor) or "system",
            )
            for item in returns:
                assessment = assess(reservation=item.reservation, quantity=item.quantity, at=now, fee_percent=NO_FEE)
                refund_record(
                    reservation=item.reservation,
                    quote=quote,
                    assessment=assessment,
                    profile=quote.policy_profile,
                    now=now,
                    actor=actor,
                    reason="exchange",
                    exchange=exchange,
                )
                quantity_release(
                    reservation=item.reservation, quantity=item.quantity, now=now, actor=actor, reason="exchange"
                )
            for request in requests:
                order = purchases.reservation_purchase(customer=customer, actor=actor, **request)
                exchange.purchased_orders.add(order)
            quote.used_at = now
            quote.save(update_fields=["used_at"])
            audit_record_write(
                partner=partner,
                actor=actor,
                operation_type="exchange_reservation",
                resource_type="azure_reservation",
                customer=customer,
                new_value={
                    "exchangeId": str(exchange.exchange_id),
                    "returned": [{"reservationId": i["reservationId"], "quantity": i["quantity"]} for i in quoted],
                    "purchased": [str(o.reservation_order_id) for o in exchange.purchased_orders.all()],
                },
                customized_data={
                    "SessionId": quote.session_id,
                    "ExchangeId": exchange.exchange_id,
                    "RefundsTotal": exchange.refunds_total,
                    "PurchasesTotal": exchange.purchases_total,
                    "Currency": exchange.currency,
                },
                when=now,
            )
        return exchange


def _purchase_request(stored: dict) -> dict:
    request = {name: stored[name] for name in PURCHASE_FIELDS if name in stored}
    request["quantity"] = int(request.get("quantity", 1))
    return request
