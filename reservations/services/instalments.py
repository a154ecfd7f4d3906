"""Reservation payments through billing: the upfront payment, or one instalment a month over the term.

Payment k (0-based) of n is due at the purchase (k = 0), then on the purchase day of each month
(`ReservationOrder.instalment_due`). Its per-unit amount is round(P·(k+1)/n) − round(P·k/n) for the
unit price P kept on the reservation, so the n payments add up to exactly P per unit, and each
payment is charged for the reservation's quantity at the time (a partial return lowers the rest).
"""

from datetime import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL

from billing.services import Charge, charge_post, charges_post
from partnercenter.money import round_money
from reservations.models import BillingPlan, Instalment, ProvisioningState, Reservation, ReservationOrder


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


def _next_payment_due_sql(*, partner, at: datetime) -> RawSQL:
    """Ids of the partner's reservations whose next payment is due by `at` (PostgreSQL).

    Payment k ≥ 1 is due `add_months(benefit_start, k)`; PostgreSQL's month arithmetic on UTC
    timestamps clamps the day the same way, so the day's candidates are found by an index walk
    instead of loading every monthly reservation. Unpaid reservations (payment 0) are always in.
    """
    reservation, order = Reservation._meta.db_table, ReservationOrder._meta.db_table
    instalment = Instalment._meta.db_table
    return RawSQL(  # noqa: S611 - table names are ours; values are parameters
        f"""
        SELECT r.id FROM {reservation} r
        JOIN {order} o ON o.id = r.order_id
        CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM {instalment} i WHERE i.reservation_id = r.id) paid
        WHERE r.partner_id = %s AND r.provisioning_state = %s AND (
            paid.n = 0 OR (
                o.billing_plan = %s
                AND (o.benefit_start AT TIME ZONE 'UTC') + make_interval(months => paid.n) <= (%s AT TIME ZONE 'UTC')
            )
        )
        """,  # noqa: S608 - table names are ours; values are parameters
        (partner.pk, ProvisioningState.SUCCEEDED, BillingPlan.MONTHLY, at),
    )


def due_instalments_charge(*, partner, at: datetime) -> int:
    """Charge every payment of the partner's active reservations that is due by `at` and not yet charged.

    Set-based: one query finds the candidates (those with a payment due: on PostgreSQL, by the
    month arithmetic in SQL; elsewhere every monthly plan, and renewals not yet charged), payments
    are inserted in one statement and charged through `billing.charges_post`; a payment already
    there is skipped, so a second run (or a run after a missed day) charges each payment once.
    Returns how many payments were charged.
    """
    active = Reservation.objects.filter(
        partner=partner, provisioning_state=ProvisioningState.SUCCEEDED, order__purchased_at__lte=at
    )
    if connection.vendor == "postgresql":
        active = active.filter(pk__in=_next_payment_due_sql(partner=partner, at=at))
    candidates = (
        active.annotate(charged=Count("instalments"))
        .filter(Q(order__billing_plan=BillingPlan.MONTHLY) | Q(charged=0))
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
