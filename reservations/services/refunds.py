"""The refund engine: quotes and returns of reservations, for the pages, Azure's API, the admin and support.

`refund_quote` computes what returning some quantity gives back now (reservations.policy) and
keeps it as a session for RESERVATION_QUOTE_LIFETIME; `reservation_return` takes a session and
re-checks everything under the customer's refund-scope lock: the session, the reservation, the
actor's access, the amount (recomputed at the instant of the return) and the USD 50,000 cap in
the rolling 365 days. It writes the ledger row, lowers the quantity (Cancelled at zero, with its
history row) and schedules the credit, which the effect `reservations.refund_credit` posts on the
partner's open invoice once, however often it runs.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DateTimeField, Value, When
from django.utils.translation import gettext as _

from accounts.permissions import ReservationAccess
from billing.services import Credit, credits_post
from commerce.models import Price
from partnercenter import clock, scheduler
from partnercenter.audit import actor_fields, audit_record_write, refusals_audited
from reservations import policy, refund_selectors
from reservations.errors import InvalidStateTransition, ReservationError, ReservationForbidden
from reservations.models import (
    TRANSITIONS,
    BillingPlan,
    ProvisioningState,
    QuoteKind,
    Refund,
    RefundPolicyProfile,
    RefundQuote,
    RefundScope,
    RefundSettings,
    Reservation,
    ReservationStateChange,
)
from reservations.refund_errors import (
    InvalidRefundQuantity,
    QuoteExpired,
    QuoteNotFound,
    RefundError,
    RefundLimitExceeded,
    RefundNotSupported,
)
from reservations.services import instalments
from reservations.services.management import access_require

CREDIT_EFFECT = "reservations.refund_credit"


def actor_name(actor) -> str:
    return actor_fields(actor).get("user_principal_name") or actor_fields(actor).get("application_id", "")


def partner_side_require(*, actor, reservation: Reservation) -> None:
    """Refunds and exchanges need MANAGE access, and only the partner (or support) may ask: a CSP
    customer cannot return or exchange by itself."""
    if getattr(actor, "is_customer_user", False):
        raise ReservationForbidden(_("Your partner returns and exchanges reservations on your behalf."))
    access_require(actor=actor, reservation=reservation, level=ReservationAccess.MANAGE)


def refundable_require(reservation: Reservation, quantity) -> int:
    if not reservation.is_active:
        raise InvalidStateTransition(
            _("Reservation %(name)s is %(state)s: only an active reservation can be returned or exchanged.")
            % {"name": reservation.display_name, "state": reservation.get_provisioning_state_display()}
        )
    if not policy.is_refundable(reservation.reserved_resource_type):
        raise RefundNotSupported(
            _("%(type)s reservations cannot be refunded or exchanged.")
            % {"type": reservation.get_reserved_resource_type_display()}
        )
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= reservation.quantity:
        raise InvalidRefundQuantity(
            _("The quantity to return must be a whole number from 1 to %(max)s.") % {"max": reservation.quantity}
        )
    return quantity


def refund_refusal(*, actor, reservation: Reservation) -> ReservationError | None:
    """Why the actor cannot return or exchange the reservation now, or None when it can: the checks every
    quote makes first (partner side, MANAGE access, active, a refundable type), so a page shows Refund and
    Exchange enabled exactly when a quote would not refuse them."""
    try:
        partner_side_require(actor=actor, reservation=reservation)
        refundable_require(reservation, 1)
    except ReservationError as error:
        return error
    return None


def _paid_per_unit(reservation: Reservation) -> tuple[Decimal, int]:
    """What one unit has paid so far (payments charged) and how many payments that was."""
    order = reservation.order
    charged = reservation.instalments.count()
    paid = sum(
        (
            instalments.unit_instalment(
                unit_price=reservation.unit_price,
                currency=reservation.currency,
                count=order.instalment_count,
                sequence=sequence,
            )
            for sequence in range(charged)
        ),
        Decimal(0),
    )
    return paid, charged


def _current_unit_price(reservation: Reservation) -> Decimal | None:
    """Today's catalog price of what was bought, in the customer's market (None when not sold there any more)."""
    row = (
        Price.objects.filter(availability_id=reservation.availability_id, market=str(reservation.customer.market))
        .values_list("unit_price", "currency")
        .first()
    )
    if row is None or row[1].upper() != reservation.currency.upper():
        return None
    return row[0]


@dataclass(frozen=True)
class Assessment:
    """A proration with the payments behind it and its USD value (what a quote and a return both need)."""

    proration: policy.Proration
    payments_made: int
    payments_total: int
    usd_rate: Decimal
    amount_usd: Decimal
    remaining_commitment: Decimal


def assess(*, reservation: Reservation, quantity: int, at: datetime, fee_percent: Decimal) -> Assessment:
    """Price the return of `quantity` units at `at` (no checks, no writes)."""
    order = reservation.order
    paid, made = _paid_per_unit(reservation)
    proration = policy.prorate(
        quantity=quantity,
        benefit_start=order.benefit_start,
        expires_at=order.expires_at,
        at=at,
        billing_plan=order.billing_plan,
        purchase_unit_price=reservation.unit_price,
        current_unit_price=_current_unit_price(reservation),
        paid_per_unit=paid,
        currency=reservation.currency,
        fee_percent=fee_percent,
    )
    rate = refund_selectors.usd_rate(currency=reservation.currency, on=at.date())
    remaining = max(Decimal(0), reservation.unit_price * quantity - proration.paid)
    return Assessment(
        proration=proration,
        payments_made=made,
        payments_total=order.instalment_count,
        usd_rate=rate,
        amount_usd=policy.to_usd(proration.amount, rate),
        remaining_commitment=remaining,
    )


def fee_percent_for(partner) -> tuple[str, Decimal]:
    profile = refund_selectors.policy_profile_for(partner)
    return profile, policy.FEE_PERCENT[profile]


def _money(amount) -> str:
    return str(amount)


def details_of(*, reservation: Reservation, assessment: Assessment, cap: policy.CapStatus, policy_errors) -> dict:
    """The transparent quote: every figure the page and Azure's calculateRefund show."""
    p = assessment.proration
    order = reservation.order
    return {
        "reservationId": str(reservation.reservation_id),
        "reservationOrderId": str(order.reservation_order_id),
        "displayName": reservation.display_name,
        "quantity": p.quantity,
        "billingPlan": order.billing_plan,
        "benefitStart": order.benefit_start.isoformat(),
        "expiryDate": order.expires_at.isoformat(),
        "termDays": p.term_days,
        "daysUsed": p.days_used,
        "daysLeft": p.days_left,
        "purchaseUnitPrice": _money(p.purchase_unit_price),
        "currentUnitPrice": None if p.current_unit_price is None else _money(p.current_unit_price),
        "unitPriceUsed": _money(p.unit_price_used),
        "priceBasis": p.price_basis,
        "paid": _money(p.paid),
        "paymentsMade": assessment.payments_made,
        "paymentsTotal": assessment.payments_total,
        "remainingCommitment": _money(assessment.remaining_commitment),
        "remainingValue": _money(p.remaining_value),
        "prorated": _money(p.gross),
        "feePercent": _money(p.fee_percent),
        "fee": _money(p.fee),
        "amount": _money(p.amount),
        "currency": p.currency,
        "usdRate": _money(assessment.usd_rate),
        "amountUsd": _money(assessment.amount_usd),
        "cap": {
            "limitUsd": _money(cap.limit),
            "usedUsd": _money(cap.used),
            "leftUsd": _money(cap.left),
            "oldestLeavesAt": cap.oldest_leaves_at.isoformat() if cap.oldest_leaves_at else None,
        },
        "policyErrors": policy_errors,
    }


def _limit_error(*, amount_usd: Decimal, cap: policy.CapStatus) -> RefundLimitExceeded:
    return RefundLimitExceeded(
        _(
            "This refund of USD %(amount)s would pass the customer's limit of USD %(limit)s in 365 days: "
            "USD %(left)s is left (USD %(used)s refunded in the window)."
        )
        % {"amount": amount_usd, "limit": cap.limit, "left": cap.left, "used": cap.used},
        remaining_usd=cap.left,
        consumed_usd=cap.used,
        limit_usd=cap.limit,
    )


def refund_quote(*, reservation: Reservation, actor, quantity: int) -> RefundQuote:
    """Calculate the refund for returning `quantity` units now and keep it as a session (Azure's sessionId).

    Refused: a customer user or access below MANAGE (403), a reservation not active (409), a type
    that cannot be refunded, a quantity outside 1..quantity. A refund that would pass the cap is
    still quoted, with the policy error in its details (Azure's policyResult.policyErrors); the
    return is what refuses it. Writes the quote and a `calculate_refund` audit record.
    """
    partner_side_require(actor=actor, reservation=reservation)
    quantity = refundable_require(reservation, quantity)
    now = clock.now(reservation.partner)
    profile, fee = fee_percent_for(reservation.partner)
    assessment = assess(reservation=reservation, quantity=quantity, at=now, fee_percent=fee)
    cap = refund_selectors.cap_status(customer=reservation.customer, at=now)
    errors = []
    if assessment.amount_usd > cap.left:
        errors.append(
            {
                "code": "RefundLimitExceeded",
                "message": _limit_error(amount_usd=assessment.amount_usd, cap=cap).description,
            }
        )
    with transaction.atomic():
        quote = RefundQuote.objects.create(
            kind=QuoteKind.REFUND,
            partner=reservation.partner,
            customer=reservation.customer,
            policy_profile=profile,
            currency=reservation.currency,
            refund_amount=assessment.proration.amount,
            refund_amount_usd=assessment.amount_usd,
            details=details_of(reservation=reservation, assessment=assessment, cap=cap, policy_errors=errors),
            created_at=now,
            expires_at=now + settings.RESERVATION_QUOTE_LIFETIME,
            created_by=actor_name(actor),
        )
        audit_record_write(
            partner=reservation.partner,
            actor=actor,
            operation_type="calculate_refund",
            resource_type="azure_reservation",
            customer=reservation.customer,
            new_value={"sessionId": str(quote.session_id), **_audit_figures(quote.details)},
            customized_data={
                "ReservationId": reservation.reservation_id,
                "SessionId": quote.session_id,
                "Amount": quote.refund_amount,
                "Currency": quote.currency,
                "PolicyProfile": profile,
            },
            when=now,
        )
    return quote


def _audit_figures(details: dict) -> dict:
    keys = ("reservationId", "quantity", "daysUsed", "daysLeft", "priceBasis", "fee", "amount", "currency", "amountUsd")
    return {key: details.get(key) for key in keys}


def scope_lock(*, customer) -> RefundScope:
    """Lock the customer's refund scope row (created on first use): every return and exchange takes it first."""
    RefundScope.objects.bulk_create(
        [RefundScope(partner_id=customer.partner_id, customer=customer)], ignore_conflicts=True
    )
    return RefundScope.objects.select_for_update().get(customer=customer)


def quote_lock(*, customer, session_id, kind: str, now: datetime) -> RefundQuote:
    """The customer's session of `kind`, locked; QuoteNotFound (404) or QuoteExpired (409) otherwise."""
    try:
        quote = (
            RefundQuote.objects.select_for_update(of=("self",))
            .select_related("partner", "customer")
            .filter(customer=customer, kind=kind)
            .get(session_id=session_id)
        )
    except (RefundQuote.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise QuoteNotFound(
            _("No %(kind)s session %(id)s for this customer.") % {"kind": kind, "id": session_id},
            azure_code="RefundSessionNotFound" if kind == QuoteKind.REFUND else "",
        ) from exc
    if quote.used_at is not None:
        raise QuoteExpired(_("Session %(id)s was already used: calculate again.") % {"id": quote.session_id})
    if now >= quote.expires_at:
        raise QuoteExpired(
            _("Session %(id)s expired at %(at)s: calculate again.")
            % {"id": quote.session_id, "at": quote.expires_at.isoformat()}
        )
    return quote


def quantity_release(*, reservation: Reservation, quantity: int, now: datetime, actor, reason: str) -> None:
    """Lower a locked reservation's quantity; at zero it is Cancelled (transition table, history row)."""
    reservation.quantity -= quantity
    fields = ["quantity", "etag", "last_updated_at"]
    if reservation.quantity == 0:
        new_state = ProvisioningState.CANCELLED
        if new_state not in TRANSITIONS[reservation.provisioning_state]:
            raise InvalidStateTransition(_("This reservation can no longer be cancelled."))
        ReservationStateChange.objects.create(
            reservation=reservation,
            old_state=reservation.provisioning_state,
            new_state=new_state,
            at=now,
            actor=actor_name(actor) or "system",
            reason=reason[:200],
        )
        reservation.provisioning_state, reservation.ended_at = new_state, now
        fields += ["provisioning_state", "ended_at"]
    reservation.etag += 1
    reservation.last_updated_at = now
    reservation.save(update_fields=fields)


def reservation_lock(*, reservation_id) -> Reservation:
    return (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("order__order_line__order", "customer", "partner", "availability__sku__product")
        .get(reservation_id=reservation_id)
    )


def refund_record(
    *,
    reservation: Reservation,
    quote: RefundQuote,
    assessment: Assessment,
    profile: str,
    now,
    actor,
    reason,
    exchange=None,
) -> Refund:
    """Write the ledger row for a locked reservation and schedule its credit."""
    p = assessment.proration
    refund = Refund(
        partner=reservation.partner,
        customer=reservation.customer,
        reservation=reservation,
        quote=quote,
        exchange=exchange,
        counts_toward_cap=exchange is None,
        policy_profile=profile,
        quantity=p.quantity,
        days_used=p.days_used,
        days_left=p.days_left,
        unit_price_used=p.unit_price_used,
        price_basis=p.price_basis,
        fee_amount=p.fee,
        amount=p.amount,
        currency=p.currency,
        amount_usd=assessment.amount_usd,
        usd_rate=assessment.usd_rate,
        refunded_at=now,
        actor=actor_name(actor) or "system",
        reason=str(reason or "")[:100],
    )
    refund.credit_source = f"reservations.refund:{refund.refund_id}"
    refund.save()
    scheduler.schedule(partner=reservation.partner, kind=CREDIT_EFFECT, target=refund.refund_id, due_at=now)
    return refund


def reservation_return(
    *, session_id, actor, customer, quantity: int | None = None, reason: str = "", reservation_id=None
) -> Refund:
    """Return what a refund session quoted; refused when anything changed against it.

    `reservation_id`, when the caller names the reservation (Azure's return body does), must be the one
    the session quoted (RefundError otherwise).

    Locks the customer's refund scope, then the session, then the reservation, and checks under
    those locks: the session is the customer's, unused and not expired (QuoteExpired, 409); the
    quantity, if given, is the quoted one; the actor may still act; the reservation is active with
    the quantity; the refund recomputed now fits the cap (RefundLimitExceeded, which says what is
    left). Then writes the ledger row, lowers the quantity (Cancelled at zero), marks the session
    used, schedules the credit and writes `return_reservation`. A refusal leaves a failed record.
    """
    partner = customer.partner
    with refusals_audited(
        errors=(RefundError, ReservationForbidden, InvalidStateTransition),
        partner=partner,
        actor=actor,
        operation_type="return_reservation",
        resource_type="azure_reservation",
        customer=customer,
        data={"SessionId": session_id},
    ):
        with transaction.atomic():
            scope_lock(customer=customer)
            now = clock.now(partner)
            quote = quote_lock(customer=customer, session_id=session_id, kind=QuoteKind.REFUND, now=now)
            quoted = quote.details
            if reservation_id is not None and str(reservation_id) != quoted["reservationId"]:
                raise RefundError(
                    _("Session %(id)s was calculated for another reservation.") % {"id": quote.session_id},
                    error_name="SessionReservationMismatch",
                )
            if quantity is not None and quantity != quoted["quantity"]:
                raise InvalidRefundQuantity(
                    _("Session %(id)s quoted a quantity of %(quoted)s, not %(asked)s.")
                    % {"id": quote.session_id, "quoted": quoted["quantity"], "asked": quantity}
                )
            reservation = reservation_lock(reservation_id=quoted["reservationId"])
            partner_side_require(actor=actor, reservation=reservation)
            refundable_require(reservation, quoted["quantity"])
            assessment = assess(
                reservation=reservation, quantity=quoted["quantity"], at=now, fee_percent=Decimal(quoted["feePercent"])
            )
            cap = refund_selectors.cap_status(customer=customer, at=now)
            if assessment.amount_usd > cap.left:
                raise _limit_error(amount_usd=assessment.amount_usd, cap=cap)
            refund = refund_record(
                reservation=reservation,
                quote=quote,
                assessment=assessment,
                profile=quote.policy_profile,
                now=now,
                actor=actor,
                reason=reason,
            )
            quantity_release(reservation=reservation, quantity=refund.quantity, now=now, actor=actor, reason="return")
            quote.used_at = now
            quote.save(update_fields=["used_at"])
            audit_record_write(
                partner=partner,
                actor=actor,
                operation_type="return_reservation",
                resource_type="azure_reservation",
                customer=customer,
                old_value={"quantity": reservation.quantity + refund.quantity},
                new_value={"quantity": reservation.quantity, "status": reservation.provisioning_state},
                customized_data={
                    "ReservationId": reservation.reservation_id,
                    "SessionId": quote.session_id,
                    "RefundId": refund.refund_id,
                    "Quantity": refund.quantity,
                    "Amount": refund.amount,
                    "Currency": refund.currency,
                    "AmountUsd": refund.amount_usd,
                    "Fee": refund.fee_amount,
                    "PolicyProfile": refund.policy_profile,
                    "Reason": refund.reason,
                },
                when=now,
            )
        return refund


@scheduler.register_batch(CREDIT_EFFECT, batch_size=500)
def _credit_effects(effects) -> None:
    refund_credits_apply(due={effect.target: effect.due_at for effect in effects})


def refund_credit_apply(*, refund_id, at: datetime) -> bool:
    """Post one refund's credit at `at` (see `refund_credits_apply`); False when already credited."""
    return refund_credits_apply(due={str(refund_id): at}) == 1


def refund_credits_apply(*, due: dict[str, datetime]) -> int:
    """Post refunds' credits (`due`: refund id → instant) on the invoices open then, each once.

    Runs in the scheduler's transaction: the refund rows are locked and marked credited (one
    UPDATE) in the same transaction as the credit lines (`billing.credits_post`, one INSERT per
    invoice), and billing credits a source once, so a second run or a run killed halfway never
    credits twice. Returns how many refunds this call credited.
    """
    refunds = list(
        Refund.objects.select_for_update(of=("self",))
        .select_related(
            "customer__partner", "reservation__order__order_line__order", "reservation__availability__sku__product"
        )
        .filter(refund_id__in=list(due), credited_at__isnull=True)
        .order_by("pk")
    )
    if not refunds:
        return 0
    credits = []
    for refund in refunds:
        reservation = refund.reservation
        order = reservation.order
        if refund.amount > 0:
            sku = reservation.availability.sku
            upfront = order.billing_plan == BillingPlan.UPFRONT
            credits.append(
                Credit(
                    customer=refund.customer,
                    source=refund.credit_source,
                    order_id=instalments.commerce_order_id(order),
                    product_name=sku.product.title,
                    sku_name=reservation.sku_description,
                    quantity=refund.quantity,
                    amount=refund.amount,
                    currency=refund.currency,
                    credited_at=due[str(refund.refund_id)],
                    charge_type="refund",
                    credits_source=f"reservations.instalment:{reservation.reservation_id}:0" if upfront else "",
                    product_id=sku.product.product_id,
                    sku_id=sku.sku_id,
                    availability_id=reservation.availability.availability_id,
                )
            )
    for partner, group in _by_partner(credits).items():
        credits_post(partner=partner, credits=group)
    by_at: dict[datetime, list[int]] = {}
    for refund in refunds:
        by_at.setdefault(due[str(refund.refund_id)], []).append(refund.pk)
    Refund.objects.filter(pk__in=[refund.pk for refund in refunds]).update(
        credited_at=Case(*[When(pk__in=pks, then=Value(at)) for at, pks in by_at.items()], output_field=DateTimeField())
    )
    return len(refunds)


def _by_partner(credits: list[Credit]) -> dict:
    groups: dict = {}
    for credit in credits:
        groups.setdefault(credit.customer.partner, []).append(credit)
    return groups


def refund_policy_set(*, partner, actor, profile: str) -> RefundSettings:
    """Choose the partner's refund policy profile (seed: 12 % fee; current: no fee); audited."""
    if profile not in RefundPolicyProfile.values:
        raise RefundError(
            _("The refund policy profile must be one of: %(values)s.")
            % {"values": ", ".join(RefundPolicyProfile.values)},
            error_name="InvalidPolicyProfile",
        )
    with transaction.atomic():
        old = refund_selectors.policy_profile_for(partner)
        settings_row, _created = RefundSettings.objects.update_or_create(
            partner=partner, defaults={"policy_profile": profile}
        )
        if old != profile:
            audit_record_write(
                partner=partner,
                actor=actor,
                operation_type="update_refund_policy",
                resource_type="azure_reservation",
                old_value={"policyProfile": old},
                new_value={"policyProfile": profile},
            )
    return settings_row
