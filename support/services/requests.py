"""Filing support requests and their thread: the reservation wizard, "Report a problem", notes, closing."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from commerce import selectors as commerce_selectors
from partnercenter import clock
from partnercenter.errors import NotFound
from partnercenter.money import round_money
from reservations import refund_selectors
from reservations.models import QuoteKind
from support.errors import ServiceRequestNotFound, SupportError
from support.models import (
    RESERVATION_KINDS,
    AuthorKind,
    Outcome,
    RequestKind,
    Status,
    SupportNote,
    SupportRequest,
)
from support.services import attachments
from support.services.common import (
    TITLE_LIMIT,
    audit,
    author_kind_of,
    contact_clean,
    filer_partner,
    filer_require,
    note_write,
    number_next,
    party_require,
    refresh_from,
    request_lock,
    severity_clean,
    text_clean,
    user_of,
)
from support.topics import TOPIC_BY_KIND

PROBLEM_KINDS = frozenset({RequestKind.SOFTWARE_CANCELLATION, RequestKind.PARTNER_CENTER_PROBLEM})


def _quantity_clean(quantity, reservation) -> int | None:
    if quantity in (None, ""):
        return None
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= reservation.quantity:
        raise SupportError(_("The quantity must be a whole number from 1 to %(max)s.") % {"max": reservation.quantity})
    return quantity


def _quoted_reservations(quote) -> set[str]:
    if quote.kind == QuoteKind.EXCHANGE:
        return {str(item["reservationId"]) for item in quote.details.get("reservationsToExchange", [])}
    return {str(quote.details.get("reservationId"))}


def _session_check(*, customer, reservation, kind: str, session_id: str):
    """The refund or exchange quote the request was filed from: the customer's, of the right kind, about
    this reservation."""
    if not session_id:
        if kind == RequestKind.RESERVATION_EXCHANGE:
            raise SupportError(_("An exchange request needs the exchange calculation it was filed from."))
        return None
    wanted = QuoteKind.EXCHANGE if kind == RequestKind.RESERVATION_EXCHANGE else QuoteKind.REFUND
    try:
        quote = refund_selectors.quote_get(partner=customer.partner, session_id=session_id, customer=customer)
    except NotFound as exc:
        raise SupportError(_("No such refund or exchange calculation for this customer.")) from exc
    if quote.kind != wanted or (kind == RequestKind.RESERVATION_QUESTION):
        raise SupportError(_("This calculation does not fit the kind of request."))
    if str(reservation.reservation_id) not in _quoted_reservations(quote):
        raise SupportError(_("This calculation is about another reservation."))
    return quote


def _created(*, actor, partner, customer, kind: str, fields: dict, checked=()) -> SupportRequest:
    """Insert the request (number, topic, partner clock), its attachments and the audit record."""
    now = clock.now(partner)
    request = SupportRequest.objects.create(
        partner=partner,
        customer=customer,
        number=number_next(partner=partner),
        kind=kind,
        topic=TOPIC_BY_KIND[kind].id,
        created_by=user_of(actor),
        created_at=now,
        updated_at=now,
        **fields,
    )
    if checked:
        attachments.attachments_store(request=request, checked=list(checked), actor=actor)
    audit(request=request, actor=actor, operation_type="create_service_request", data={"Kind": kind})
    return request


def reservation_request_create(
    *,
    actor,
    customer,
    reservation,
    kind: str,
    quantity: int | None = None,
    refund_session_id: str = "",
    basics: dict,
    problem: dict,
    contact: dict,
) -> SupportRequest:
    """File the Azure-style three-step request about one reservation (refund, exchange or question).

    basics: title, severity (issue type Billing and the subscription are implied by the reservation);
    problem: description, reason (problem type Reservation management, category Exchanges and refunds);
    contact: method, name, email, phone, language, time_zone. A refund may name the refund quote it was
    filed from (its amount is kept as the amount requested); an exchange must name its exchange quote.
    """
    filer_require(actor=actor, partner=customer.partner)
    if reservation.customer_id != customer.pk:
        raise ServiceRequestNotFound(_("No such reservation for this customer."))
    if kind not in RESERVATION_KINDS:
        raise SupportError(_("This is not a kind of reservation request."))
    quote = _session_check(
        customer=customer, reservation=reservation, kind=kind, session_id=str(refund_session_id or "").strip()
    )
    fields = {
        "title": text_clean(basics.get("title"), field=_("Title"), limit=TITLE_LIMIT),
        "severity": severity_clean(basics.get("severity")),
        "description": text_clean(problem.get("description"), field=_("Description")),
        "reason": text_clean(problem.get("reason"), field=_("Reason"), required=False),
        "reservation_id": reservation.reservation_id,
        "reservation_order_id": reservation.order.reservation_order_id,
        "subscription_id": str(reservation.billing_subscription.subscription_id)
        if reservation.billing_subscription_id
        else "",
        "quantity": _quantity_clean(quantity, reservation),
        "refund_session_id": str(quote.session_id) if quote else "",
        **contact_clean(contact),
    }
    if quote is not None and quote.kind == QuoteKind.REFUND:
        fields["amount_requested"], fields["currency"] = quote.refund_amount, quote.currency
        fields["quantity"] = fields["quantity"] or quote.details.get("quantity")
    with transaction.atomic():
        return _created(actor=actor, partner=customer.partner, customer=customer, kind=kind, fields=fields)


def _amount_clean(amount, currency: str) -> tuple[Decimal | None, str]:
    if amount in (None, ""):
        return None, ""
    currency = str(currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise SupportError(_("An amount needs its currency (three letters, e.g. EUR)."))
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError) as exc:
        raise SupportError(_("The amount requested must be a number.")) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e15"):
        raise SupportError(_("The amount requested must be zero or more."))
    return round_money(value, currency), currency


def problem_report_create(
    *,
    actor,
    customer=None,
    kind: str,
    title: str,
    description: str,
    severity: str,
    order_id: str = "",
    subscription_id: str = "",
    reason: str = "",
    amount_requested=None,
    currency: str = "",
    contact: dict,
    files=(),
) -> SupportRequest:
    """File "Report a problem with Partner Center" (seed 001), with optional attachments.

    A "CSP Purchase/Refund on behalf of customers" request names the customer and one of its orders
    (approval cancels that order's software). Files are checked (attachment_validate) before anything
    is written.
    """
    partner = filer_partner(actor)
    if customer is not None and customer.partner_id != partner.pk:
        raise ServiceRequestNotFound(_("No such customer."))
    if kind not in PROBLEM_KINDS:
        raise SupportError(_("This is not a kind of problem report."))
    order_id = text_clean(order_id, field=_("Order id"), required=False, limit=64)
    if kind == RequestKind.SOFTWARE_CANCELLATION:
        if customer is None or not order_id:
            raise SupportError(_("A purchase or refund request names the customer and the order id."))
        try:
            commerce_selectors.order_get(partner=partner, customer=customer, order_id=order_id)
        except NotFound as exc:
            raise SupportError(_("No order %(id)s for this customer.") % {"id": order_id}) from exc
    amount, currency = _amount_clean(amount_requested, currency)
    fields = {
        "title": text_clean(title, field=_("Title"), limit=TITLE_LIMIT),
        "description": text_clean(description, field=_("Description")),
        "severity": severity_clean(severity),
        "order_id": order_id,
        "subscription_id": text_clean(subscription_id, field=_("Subscription id"), required=False, limit=64),
        "reason": text_clean(reason, field=_("Reason"), required=False),
        "amount_requested": amount,
        "currency": currency,
        **contact_clean(contact),
    }
    checked = attachments.attachments_check(request=None, files=files)
    with transaction.atomic():
        return _created(actor=actor, partner=partner, customer=customer, kind=kind, fields=fields, checked=checked)


def note_add(*, request: SupportRequest, actor, text: str, files=()) -> SupportNote:
    """Add a note (and files) to an open request; the partner's answer moves "attention needed" back to open."""
    party_require(actor=actor, request=request)
    text = text_clean(text, field=_("Note"))
    with transaction.atomic():
        locked = request_lock(request)
        checked = attachments.attachments_check(request=locked, files=files)
        kind = author_kind_of(actor)
        note = note_write(request=locked, actor=actor, text=text, kind=kind)
        attachments.attachments_store(request=locked, checked=checked, actor=actor, note=note)
        old = locked.status
        if kind == AuthorKind.PARTNER and locked.status == Status.ATTENTION_NEEDED:
            locked.status = Status.OPEN
        locked.updated_at = note.created_at
        locked.save(update_fields=["status", "updated_at"])
        audit(request=locked, actor=actor, operation_type="update_service_request", old={"status": old})
    refresh_from(request, locked)
    return note


def request_close(*, request: SupportRequest, actor) -> SupportRequest:
    """Close a request nobody decided (Partner Center's Status closed): its outcome becomes withdrawn."""
    party_require(actor=actor, request=request)
    with transaction.atomic():
        locked = request_lock(request)
        old = {"status": locked.status, "outcome": locked.outcome}
        now = clock.now(locked.partner)
        locked.status, locked.outcome, locked.closed_at, locked.updated_at = Status.CLOSED, Outcome.WITHDRAWN, now, now
        locked.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
        note_write(request=locked, actor=None, text=_("The request was closed without a decision."), kind="system")
        audit(request=locked, actor=actor, operation_type="update_service_request", old=old)
    refresh_from(request, locked)
    return request
