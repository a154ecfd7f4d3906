"""What the support pages show and fill in from where they were opened: a reservation with its refund or
exchange quote, or a software order. Reads only, through the owning apps' selectors and always scoped to the
signed-in user's partner; nothing here decides whether a refund, exchange or cancellation is allowed.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from customers.selectors import customer_get, customer_list
from partnercenter import clock
from partnercenter.errors import NotFound
from reservations import refund_selectors
from reservations.models import QuoteKind
from software import selectors as software_selectors
from support.models import RequestKind

# The `?kind=` of the links into the wizard (the reservation's Overview, the Refund and Exchange pages).
WIZARD_KINDS = {
    "refund": RequestKind.RESERVATION_REFUND,
    "exchange": RequestKind.RESERVATION_EXCHANGE,
    "question": RequestKind.RESERVATION_QUESTION,
}
QUOTE_KINDS = {RequestKind.RESERVATION_REFUND: QuoteKind.REFUND, RequestKind.RESERVATION_EXCHANGE: QuoteKind.EXCHANGE}


@dataclass(frozen=True)
class QuoteFacts:
    """The figures of a quote the request is about, as the quote page showed them."""

    session_id: str
    kind: str
    quantity: int
    amount: str
    fee: str
    currency: str
    purchases_total: str
    net_payable: str


def wizard_origin(*, reservation, kind: str, session: str) -> dict:
    """The wizard's fixed context: reservation, order, kind and (refund/exchange) the quote and its quantity.

    A quote of another reservation, customer or partner, or of the other kind, is 404 like any foreign id.
    """
    request_kind = WIZARD_KINDS[kind]
    origin = {
        "tenant_id": str(reservation.customer.tenant_id),
        "reservation_id": str(reservation.reservation_id),
        "reservation_order_id": str(reservation.order.reservation_order_id),
        "kind": str(request_kind),
        "refund_session_id": "",
        "quantity": None,
    }
    if session and request_kind in QUOTE_KINDS:
        quote = refund_selectors.quote_get(
            partner=reservation.partner, session_id=session, customer=reservation.customer
        )
        quantity = _quoted_quantity(quote, str(reservation.reservation_id))
        if quote.kind != QUOTE_KINDS[request_kind] or quantity is None:
            raise NotFound("No such refund or exchange session.")
        origin.update(refund_session_id=str(quote.session_id), quantity=quantity)
    return origin


def _quoted_quantity(quote, reservation_id: str) -> int | None:
    details = quote.details
    if quote.kind == QuoteKind.REFUND:
        return details.get("quantity") if details.get("reservationId") == reservation_id else None
    for item in details.get("reservationsToExchange", []):
        if item.get("reservationId") == reservation_id:
            return item.get("quantity")
    return None


def quote_facts(*, reservation, session_id: str) -> QuoteFacts | None:
    if not session_id:
        return None
    quote = refund_selectors.quote_get(
        partner=reservation.partner, session_id=session_id, customer=reservation.customer
    )
    details = quote.details
    if quote.kind == QuoteKind.REFUND:
        return QuoteFacts(
            session_id=session_id,
            kind=quote.kind,
            quantity=details["quantity"],
            amount=details["amount"],
            fee=details["fee"],
            currency=details["currency"],
            purchases_total="",
            net_payable="",
        )
    quantity = _quoted_quantity(quote, str(reservation.reservation_id)) or 0
    return QuoteFacts(
        session_id=session_id,
        kind=quote.kind,
        quantity=quantity,
        amount=details["refundsTotal"],
        fee="0.00",
        currency=details["currency"],
        purchases_total=details["purchasesTotal"],
        net_payable=details["netPayable"],
    )


def refund_cap(*, customer):
    """The customer's refund limit now (USD used and left in the last 365 days)."""
    return refund_selectors.cap_status(customer=customer, at=clock.now(customer.partner))


def wizard_initial(*, reservation, origin: dict, facts: QuoteFacts | None) -> dict[str, dict]:
    """What each step starts with: a summary naming the reservation, and a description with its ids and quote."""
    kind = origin["kind"]
    titles = {
        RequestKind.RESERVATION_REFUND: _("Refund of reservation %(name)s"),
        RequestKind.RESERVATION_EXCHANGE: _("Exchange of reservation %(name)s"),
        RequestKind.RESERVATION_QUESTION: _("Question about reservation %(name)s"),
    }
    lines = [
        _("Reservation ID: %(id)s") % {"id": origin["reservation_id"]},
        _("Reservation order ID: %(id)s") % {"id": origin["reservation_order_id"]},
    ]
    if facts is not None:
        lines += [
            _("Quote session: %(session)s") % {"session": facts.session_id},
            _("Quantity: %(quantity)s") % {"quantity": facts.quantity},
            _("Amount: %(amount)s %(currency)s (early termination fee %(fee)s %(currency)s)")
            % {"amount": facts.amount, "currency": facts.currency, "fee": facts.fee},
        ]
    return {
        "basics": {
            "issue_type": "billing",
            "subscription_id": str(reservation.billing_subscription.subscription_id),
            "title": titles[RequestKind(kind)] % {"name": reservation.display_name},
        },
        "problem": {
            "problem_type": "reservation_management",
            "category": "exchanges_and_refunds",
            "description": "\n".join(lines),
        },
    }


def contact_initial(user, *, language: str) -> dict:
    """The signed-in user as the contact, in the page's language."""
    return {
        "contact_method": "email",
        "contact_name": user.get_full_name() or user.get_username(),
        "contact_email": user.email,
        "contact_language": "it-IT" if language.startswith("it") else "en-US",
        "contact_time_zone": "Europe/Rome" if language.startswith("it") else "UTC",
    }


def _customer(*, partner, tenant_id: str):
    """The partner's customer by tenant id; a malformed id is as unknown as another partner's (404)."""
    try:
        tenant = uuid.UUID(str(tenant_id))
    except ValueError as exc:
        raise NotFound("No such customer.") from exc
    return customer_get(partner=partner, tenant_id=tenant)


def customer_find(*, partner, text: str):
    """The partner's customer named by tenant id or domain, or None when `text` is empty; NotFound otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return _customer(partner=partner, tenant_id=text)
    except NotFound:
        match = customer_list(partner=partner).filter(domain__iexact=text).first()
        if match is None:
            raise
        return match


def report_initial(*, partner, tenant_id: str, order_id: str) -> dict:
    """The report form opened from the software cancel dialog: the customer, the order and its amount.

    A customer or order outside the partner is 404, as anywhere else.
    """
    if not tenant_id:
        return {"kind": RequestKind.PARTNER_CENTER_PROBLEM}
    customer = _customer(partner=partner, tenant_id=tenant_id)
    initial = {
        "kind": RequestKind.SOFTWARE_CANCELLATION,
        "customer": str(customer.tenant_id),
        "description": _("Customer: %(name)s, tenant ID %(tenant)s, domain %(domain)s.")
        % {"name": customer.company_name, "tenant": customer.tenant_id, "domain": customer.domain},
    }
    if order_id:
        purchases = list(
            software_selectors.purchase_list(partner=partner, customer=customer).filter(
                order_line__order__order_id=order_id
            )
        )
        if not purchases:
            raise NotFound("No such order.")
        amount = sum((purchase.order_line.amount for purchase in purchases), Decimal(0))
        initial.update(
            order_id=order_id,
            title=_("Cancel order %(order)s (%(product)s)") % {"order": order_id, "product": purchases[0].sku_title},
            amount_requested=amount,
            currency=purchases[0].order_line.currency,
        )
    return initial
