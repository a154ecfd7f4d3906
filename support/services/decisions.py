"""Support staff's work on a request: ask for information, reject, approve.

Approval runs the very services self-service runs, so support can approve nothing the rules forbid:
a reservation refund is a fresh refund quote returned at once (the return re-checks the USD 50,000
cap under the customer's refund-scope lock); an exchange is re-quoted from the exchange the partner
filed (same returns and purchases, prices of the approval day; the partner's own session has long
expired by then) and executed; a software cancellation is the cancellation service, which may use
software.policy's support exception window. When that service refuses, the request is rejected
with the refusal's words as the reason and nothing is credited. Credits reach the partner's next
invoice through the engines' own billing path (refund credit effect, cancellation effect).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from commerce.models import Order
from partnercenter import clock
from partnercenter.errors import DomainError
from reservations import refund_selectors
from reservations.models import Reservation
from reservations.services import exchanges, refunds
from software import policy as software_policy
from software.models import PurchaseStatus, SoftwarePurchase
from software.selectors import policy_for
from software.services.cancellation import purchase_cancel
from support.errors import SupportError
from support.models import AuthorKind, Outcome, RequestKind, Status, SupportRequest
from support.services.common import audit, note_write, refresh_from, request_lock, staff_require, text_clean


@transaction.atomic
def information_ask(*, request: SupportRequest, staff, text: str) -> SupportRequest:
    """Ask the partner for more information: a staff note and the status "attention needed"."""
    staff_require(staff)
    text = text_clean(text, field=_("Question"))
    locked = request_lock(request)
    old = {"status": locked.status}
    note = note_write(request=locked, actor=staff, text=text, kind=AuthorKind.STAFF, asks=True)
    locked.status, locked.updated_at = Status.ATTENTION_NEEDED, note.created_at
    locked.save(update_fields=["status", "updated_at"])
    audit(request=locked, actor=staff, operation_type="update_service_request", old=old)
    refresh_from(request, locked)
    return request


def _decide(*, request: SupportRequest, staff, outcome: str, reason: str, old: dict) -> None:
    """Close a locked request with its outcome, a system note and the audit record."""
    now = clock.now(request.partner)
    request.status, request.outcome, request.outcome_reason = Status.CLOSED, outcome, reason
    request.decided_by, request.decided_at, request.closed_at, request.updated_at = staff, now, now, now
    request.save(
        update_fields=[
            "status",
            "outcome",
            "outcome_reason",
            "decided_by",
            "decided_at",
            "closed_at",
            "updated_at",
            "credited_amount",
            "credited_currency",
            "result_reference",
        ]
    )
    note_write(request=request, actor=None, text=reason, kind=AuthorKind.SYSTEM)
    audit(request=request, actor=staff, operation_type="decide_service_request", old=old, data={"Reason": reason})


@transaction.atomic
def request_reject(*, request: SupportRequest, staff, reason: str) -> SupportRequest:
    """Reject with a reason the partner reads; nothing else changes."""
    staff_require(staff)
    reason = text_clean(reason, field=_("Reason"))
    locked = request_lock(request)
    old = {"status": locked.status, "outcome": locked.outcome}
    _decide(request=locked, staff=staff, outcome=Outcome.REJECTED, reason=reason, old=old)
    refresh_from(request, locked)
    return request


def _customer_reservation(request: SupportRequest) -> Reservation:
    if request.reservation_id is None:
        raise SupportError(_("This request names no reservation."))
    try:
        return Reservation.objects.select_related("partner", "customer").get(
            reservation_id=request.reservation_id, customer=request.customer
        )
    except Reservation.DoesNotExist as exc:
        raise SupportError(_("The reservation of this request no longer exists.")) from exc


def _refund(request: SupportRequest, staff) -> str:
    reservation = _customer_reservation(request)
    quote = refunds.refund_quote(
        reservation=reservation, actor=staff, quantity=request.quantity or reservation.quantity
    )
    refund = refunds.reservation_return(
        session_id=quote.session_id,
        actor=staff,
        customer=request.customer,
        reason=_("Support request %(number)s") % {"number": request.number},
    )
    request.credited_amount, request.credited_currency = refund.amount, refund.currency
    request.result_reference = str(refund.refund_id)
    return _(
        "Approved: %(quantity)s unit(s) returned; %(amount)s %(currency)s will be credited on the next invoice."
    ) % {
        "quantity": refund.quantity,
        "amount": refund.amount,
        "currency": refund.currency,
    }


def _exchange(request: SupportRequest, staff) -> str:
    filed = refund_selectors.quote_get(
        partner=request.partner, session_id=request.refund_session_id, customer=request.customer
    )
    quoted = filed.details["reservationsToExchange"]
    reservations = {
        str(reservation.reservation_id): reservation
        for reservation in Reservation.objects.filter(
            reservation_id__in=[item["reservationId"] for item in quoted], customer=request.customer
        ).select_related("partner", "customer")
    }
    if len(reservations) != len(quoted):
        raise SupportError(_("A reservation of this exchange no longer exists."))
    returns = [exchanges.ExchangeReturn(reservations[item["reservationId"]], int(item["quantity"])) for item in quoted]
    purchases = [
        {
            **{name: item[name] for name in exchanges.PURCHASE_FIELDS if name in item},
            "quantity": int(item.get("quantity", 1)),
        }
        for item in filed.details["purchaseRequests"]
    ]
    quote = exchanges.exchange_quote(customer=request.customer, actor=staff, returns=returns, purchases=purchases)
    exchange = exchanges.exchange_execute(session_id=quote.session_id, actor=staff, customer=request.customer)
    request.credited_amount, request.credited_currency = exchange.refunds_total, exchange.currency
    request.result_reference = str(exchange.exchange_id)
    return _(
        "Approved: exchanged; %(refunds)s %(currency)s refunded and %(purchases)s %(currency)s purchased "
        "on the next invoice."
    ) % {"refunds": exchange.refunds_total, "purchases": exchange.purchases_total, "currency": exchange.currency}


def _software_cancellation(request: SupportRequest, staff) -> str:
    try:
        order = Order.objects.select_related("partner", "customer").get(
            partner=request.partner, customer=request.customer, order_id=request.order_id
        )
    except Order.DoesNotExist as exc:
        raise SupportError(_("The order of this request no longer exists.")) from exc
    purchases = list(
        SoftwarePurchase.objects.filter(order_line__order=order, status=PurchaseStatus.ACTIVE)
        .select_related("order_line")
        .order_by("order_line__line_number")
    )
    if not purchases:
        raise SupportError(_("Order %(id)s has no software left to cancel.") % {"id": order.order_id})
    now = clock.now(request.partner)
    profile = policy_for(request.partner)
    exception = any(
        software_policy.support_exception_applies(purchase=purchase, policy=profile, now=now) for purchase in purchases
    )
    lines = purchase_cancel(
        order=order, lines=[purchase.order_line for purchase in purchases], actor=staff, through_support=True
    )
    by_line = {purchase.order_line_id: purchase for purchase in purchases}
    amount = sum(
        (
            software_policy.credit_amount(
                purchase=by_line[line.pk], line=line, requested_at=line.cancel_requested_at or now
            )
            for line in lines
        ),
        Decimal(0),
    )
    request.credited_amount, request.credited_currency = amount, lines[0].currency
    request.result_reference = order.order_id
    reason = _("Approved: order %(id)s cancelled; %(amount)s %(currency)s will be credited on the next invoice.") % {
        "id": order.order_id,
        "amount": amount,
        "currency": lines[0].currency,
    }
    if exception:
        reason += " " + _("The self-service cancellation window had passed: cancelled under the support exception.")
    return reason


APPROVALS = {
    RequestKind.RESERVATION_REFUND: _refund,
    RequestKind.RESERVATION_EXCHANGE: _exchange,
    RequestKind.SOFTWARE_CANCELLATION: _software_cancellation,
}


@transaction.atomic
def request_approve(*, request: SupportRequest, staff) -> SupportRequest:
    """Approve by running the self-service engine for the request's kind; its refusal rejects the request.

    A question or a Partner Center problem has nothing to run: approving it closes it as resolved.
    The engines write their own audit records (failed ones too) and schedule their credits.
    """
    staff_require(staff)
    locked = request_lock(request)
    old = {"status": locked.status, "outcome": locked.outcome}
    run = APPROVALS.get(RequestKind(locked.kind))
    outcome, reason = Outcome.APPROVED, _("Approved: resolved by support.")
    if run is not None:
        try:
            reason = run(locked, staff)
        except DomainError as refusal:
            locked.credited_amount, locked.credited_currency, locked.result_reference = None, "", ""
            outcome = Outcome.REJECTED
            reason = _("Rejected by the rules: %(reason)s") % {"reason": refusal.description}
    _decide(request=locked, staff=staff, outcome=outcome, reason=reason, old=old)
    refresh_from(request, locked)
    return request
