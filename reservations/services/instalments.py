"""Reservation payments through billing: the upfront payment, or one instalment a month over the term.

Payment k (0-based) of n is due at the purchase (k = 0), then on the purchase day of each month
(`ReservationOrder.instalment_due`). Its per-unit amount is round(P·(k+1)/n) − round(P·k/n) for the
unit price P kept on the reservation, so the n payments add up to exactly P per unit, and each
payment is charged for the reservation's quantity at the time (a partial return lowers the rest).
"""

import calendar
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractDay

from billing.services import Charge, charge_post, charges_post
from partnercenter.money import round_money
from reservations.models import BillingPlan, Instalment, ProvisioningState, Reservation


def unit_instalment(*, unit_price: Decimal, currency: str, count: int, sequence: int) -> Decimal:
    """Payment `sequence` of `count` for one unit priced `unit_price` for the whole term."""
    upto = round_money(unit_price * (sequence + 1) / count, currency)
    before = round_money(unit_price * sequence / count, currency)
    return upto - before


def commerce_order_id(order) -> str:
    """The Partner Center order a payment belongs to; a renewal, bought by no order, names its reservation order."""
    return order.order_line.order.order_id if order.order_line_id else str(order.reservation_order_id)


def _source(reservation: Reservation, sequence: int) -> str:
    return f"reservations.instalment:{reservation.reservation_id}:{sequence}"


def _charge_type(reservation: Reservation, sequence: int) -> str:
    if sequence > 0:
        return "cycleCharge"
    return "renew" if reservation.order.renewed_from_id else "new"


def _charge_for(reservation: Reservation, sequence: int, *, order_id: str) -> tuple[Instalment, Charge]:
    order = reservation.order
    due = order.instalment_due(sequence)
    unit = unit_instalment(
        unit_price=reservation.unit_price,
        currency=reservation.currency,
        count=order.instalment_count,
        sequence=sequence,
    )
    source = _source(reservation, sequence)
    instalment = Instalment(
        reservation=reservation,
        sequence=sequence,
        due_at=due,
        amount=round_money(unit * reservation.quantity, reservation.currency),
        currency=reservation.currency,
        charge_source=source,
    )
    sku = reservation.availability.sku
    charge = Charge(
        customer=reservation.customer,
        source=source,
        order_id=order_id,
        product_name=sku.product.title,
        sku_name=reservation.sku_description,
        quantity=reservation.quantity,
        unit_price=unit,
        currency=reservation.currency,
        charged_at=due,
        charge_type=_charge_type(reservation, sequence),
        product_id=sku.product.product_id,
        sku_id=sku.sku_id,
        availability_id=reservation.availability.availability_id,
        charge_start=order.benefit_start,
        charge_end=order.expires_at,
    )
    return instalment, charge


def first_payment_charge(*, reservation: Reservation, order_id: str) -> Instalment:
    """Charge payment 0 at the purchase: the whole term upfront, or the first month."""
    instalment, charge = _charge_for(reservation, 0, order_id=order_id)
    instalment.save()
    charge_post(**charge.__dict__)
    return instalment


def _payment_days(at: datetime) -> list[int]:
    """Days of the month (of `benefit_start`) whose monthly payment falls on the day of `at`.

    Payment k ≥ 1 is due at `add_months(benefit_start, k)`: the same day of the month, clamped to
    the month's last day, so on a month's last day the later days are due too.
    """
    at = at.astimezone(UTC)
    last_day = calendar.monthrange(at.year, at.month)[1]
    return list(range(at.day, 32)) if at.day == last_day else [at.day]


def due_instalments_charge(*, partner, at: datetime) -> int:
    """Charge every payment of the partner's active reservations that is due by `at` and not yet charged.

    Set-based: one query finds the candidates (reservations never charged, e.g. renewals, and
    monthly plans whose payment day is `at`'s day: each day boundary's effect runs, late or not, so
    a payment is found on its own day and a late run still charges it once), payments are inserted
    in one statement and charged through `billing.charges_post`; a payment already there is
    skipped, so a second run charges each payment once.
    Returns how many payments were charged.
    """
    unpaid = ~Exists(Instalment.objects.filter(reservation_id=OuterRef("pk")))
    due_today = Q(order__billing_plan=BillingPlan.MONTHLY, payment_day__in=_payment_days(at))
    candidates = (
        Reservation.objects.filter(
            partner=partner, provisioning_state=ProvisioningState.SUCCEEDED, order__purchased_at__lte=at
        )
        .annotate(payment_day=ExtractDay("order__benefit_start", tzinfo=UTC))
        .filter(unpaid | due_today)
        .annotate(charged=Count("instalments"))
        .select_related("order__order_line__order", "customer", "availability__sku__product")
        .order_by("pk")
    )
    instalments, charges = [], []
    for reservation in candidates:
        order = reservation.order
        for sequence in range(reservation.charged, order.instalment_count):
            if order.instalment_due(sequence) > at or order.instalment_due(sequence) >= order.expires_at:
                break
            instalment, charge = _charge_for(reservation, sequence, order_id=commerce_order_id(order))
            instalments.append(instalment)
            charges.append(charge)
    if not instalments:
        return 0
    Instalment.objects.bulk_create(instalments, ignore_conflicts=True)
    return charges_post(partner=partner, charges=charges)
