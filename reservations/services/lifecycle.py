"""Time for reservations: daily utilization, payments due, expiry and automatic renewal.

Both effects are set-based, for one partner and one day boundary (midnight UTC): a handful of
statements for all of the partner's reservations, never one effect or query per reservation, and
idempotent (unique rows, compare-and-set state changes), so running a day twice, or after a crash
halfway (its transaction rolls back), never doubles anything. The effect's `due_at` is the instant
things happen, whatever the clock reads when it runs.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from commerce.models import Price
from partnercenter import scheduler
from partnercenter.audit import audit_record_build, audit_records_write
from reservations import utilization
from reservations.models import (
    TRANSITIONS,
    ProvisioningState,
    Reservation,
    ReservationOrder,
    ReservationRoleAssignment,
    ReservationStateChange,
    UtilizationDay,
    add_months,
)
from reservations.services import instalments
from reservations.services.lifecycle_schedule import (
    LIFECYCLE_EFFECT,
    UTILIZATION_EFFECT,
    daily_effects_ensure,
)

BATCH = 5000


def utilization_accrue(*, partner, day: date) -> int:
    """Insert day `day`'s utilization row for every reservation of the partner active during it.

    Returns how many rows were new; an existing row (a re-run) is left as it is. On PostgreSQL each
    batch of BATCH reservations (keyset by pk) is one `INSERT ... SELECT ... ON CONFLICT DO NOTHING`
    computing the figure in SQL; elsewhere (SQLite) the same figure is computed in Python.
    """
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    end = start + timedelta(days=1)
    if connection.vendor == "postgresql":
        return _accrue_in_sql(partner=partner, day=day, start=start, end=end)
    active = (
        Reservation.objects.filter(partner=partner, order__benefit_start__lt=end, order__expires_at__gt=start)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .values_list("pk", "reservation_id", "quantity", "order__benefit_start")
        .order_by("pk")
    )
    created = 0
    batch: list[UtilizationDay] = []
    for pk, reservation_id, quantity, benefit_start in active.iterator(chunk_size=BATCH):
        figure = utilization.hundredths(
            reservation_id=reservation_id, benefit_start=benefit_start.astimezone(UTC).date(), day=day
        )
        reserved = utilization.reserved_hours(quantity)
        batch.append(
            UtilizationDay(
                reservation_id=pk,
                day=day,
                reserved_hours=reserved,
                used_hours=utilization.used_hours(reserved=reserved, percent_hundredths=figure),
                utilization_percent=Decimal(figure) / 100,
            )
        )
        if len(batch) >= BATCH:
            created += _insert_new(batch, day)
    return created + _insert_new(batch, day)


def _insert_new(batch: list[UtilizationDay], day: date) -> int:
    """Insert the rows not there yet (SQLite path); how many were new. Empties `batch`."""
    if not batch:
        return 0
    existing = UtilizationDay.objects.filter(reservation_id__in=[row.reservation_id for row in batch], day=day)
    before = existing.count()
    UtilizationDay.objects.bulk_create(batch, ignore_conflicts=True)
    batch.clear()
    return existing.count() - before


def _accrue_in_sql(*, partner, day: date, start: datetime, end: datetime) -> int:
    reservation, order = Reservation._meta.db_table, ReservationOrder._meta.db_table
    statement = f"""
        WITH batch AS (
            SELECT r.id, {utilization.HOURS_PER_DAY} * greatest(r.quantity, 1) AS reserved, {utilization.SQL_FACTORS}
            FROM {reservation} r JOIN {order} o ON o.id = r.order_id
            WHERE r.partner_id = %(partner)s AND r.id > %(after)s
              AND o.benefit_start < %(end)s AND o.expires_at > %(start)s
              AND (r.ended_at IS NULL OR r.ended_at > %(start)s)
            ORDER BY r.id
            LIMIT %(limit)s
        ), figures AS (
            SELECT id, reserved, {utilization.SQL_HUNDREDTHS} AS h FROM batch
        ), inserted AS (
            INSERT INTO {UtilizationDay._meta.db_table}
                (reservation_id, day, reserved_hours, used_hours, utilization_percent)
            SELECT id, %(day)s, reserved, {utilization.SQL_USED_HOURS}, h / 100 FROM figures
            ON CONFLICT (reservation_id, day) DO NOTHING
            RETURNING 1
        )
        SELECT (SELECT max(id) FROM batch), (SELECT count(*) FROM inserted)
    """  # noqa: S608 - table names and expressions are ours; values are parameters
    params = {"partner": partner.pk, "day": day, "day_iso": day.isoformat(), "start": start, "end": end}
    created, after = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(statement, {**params, "after": after, "limit": BATCH})
            last, inserted = cursor.fetchone()
            if last is None:
                return created
            created += inserted
            after = last


def _transition(*, reservation_ids: list[int], old: str, new: str, at: datetime, reason: str) -> list[int]:
    """Move reservations from `old` to `new` (compare-and-set) with a history row each; the ids moved."""
    if new not in TRANSITIONS[old]:
        raise ValueError(f"{old} → {new} is not a reservation transition.")
    moved = list(
        Reservation.objects.filter(pk__in=reservation_ids, provisioning_state=old)
        .select_for_update()
        .values_list("pk", flat=True)
    )
    if not moved:
        return []
    Reservation.objects.filter(pk__in=moved).update(provisioning_state=new, ended_at=at, last_updated_at=at)
    ReservationStateChange.objects.bulk_create(
        [
            ReservationStateChange(
                reservation_id=pk, old_state=old, new_state=new, at=at, actor="system", reason=reason
            )
            for pk in moved
        ],
        ignore_conflicts=True,
    )
    return moved


def _renew(*, expiring: list[Reservation], at: datetime) -> list[ReservationOrder]:
    """New orders, one per expiring order, with a reservation for each of its reservations set to renew.

    Priced at the day's catalog price for the same item in the customer's market (an item no longer
    priced is not renewed); the new term starts when the old one ends; role assignments carry over.
    """
    prices = {
        (price.availability_id, price.market): price
        for price in Price.objects.filter(
            availability_id__in={r.availability_id for r in expiring},
            market__in={str(r.customer.market) for r in expiring},
        )
    }
    by_order: dict[int, list[tuple[Reservation, Price]]] = {}
    for reservation in expiring:
        price = prices.get((reservation.availability_id, str(reservation.customer.market)))
        if price is not None:
            by_order.setdefault(reservation.order_id, []).append((reservation, price))
    if not by_order:
        return []
    new_orders = ReservationOrder.objects.bulk_create(
        [
            ReservationOrder(
                partner_id=group[0][0].partner_id,
                customer_id=group[0][0].customer_id,
                display_name=group[0][0].order.display_name,
                term=group[0][0].order.term,
                billing_plan=group[0][0].order.billing_plan,
                currency=group[0][1].currency,
                original_quantity=sum(r.quantity for r, _price in group),
                purchased_at=at,
                benefit_start=at,
                expires_at=add_months(at, group[0][0].order.term_months),
                renewed_from_id=order_id,
                created_by="system",
            )
            for order_id, group in by_order.items()
        ]
    )
    new_reservations = Reservation.objects.bulk_create(
        [
            Reservation(
                order=new_order,
                partner_id=old.partner_id,
                customer_id=old.customer_id,
                availability_id=old.availability_id,
                reserved_resource_type=old.reserved_resource_type,
                sku_name=old.sku_name,
                sku_description=old.sku_description,
                location=old.location,
                quantity=old.quantity,
                display_name=old.display_name,
                applied_scope_type=old.applied_scope_type,
                applied_subscription_id=old.applied_subscription_id,
                billing_subscription_id=old.billing_subscription_id,
                instance_flexibility=old.instance_flexibility,
                renew=True,
                hybrid_benefit=old.hybrid_benefit,
                unit_price=price.unit_price,
                currency=price.currency,
                last_updated_at=at,
            )
            for new_order, group in zip(new_orders, by_order.values(), strict=True)
            for old, price in group
        ]
    )
    olds = [old for group in by_order.values() for old, _price in group]
    ReservationStateChange.objects.bulk_create(
        [
            ReservationStateChange(
                reservation=new, new_state=ProvisioningState.SUCCEEDED, at=at, actor="system", reason="renewal"
            )
            for new in new_reservations
        ]
    )
    new_of_old = {old.pk: new for old, new in zip(olds, new_reservations, strict=True)}
    ReservationRoleAssignment.objects.bulk_create(
        [
            ReservationRoleAssignment(
                reservation=new_of_old[assignment.reservation_id],
                user_id=assignment.user_id,
                role=assignment.role,
                created_at=at,
                created_by="system",
            )
            for assignment in ReservationRoleAssignment.objects.filter(reservation_id__in=new_of_old)
        ],
        ignore_conflicts=True,
    )
    return new_orders


def lifecycle_run(*, partner, boundary: datetime) -> dict[str, int]:
    """At a day boundary: charge due payments, expire the terms that end then, renew those set to renew.

    Payments first, so a term ending at the boundary still gets any payment it was due; renewals
    are charged their first payment at the boundary by a second pass. Returns counts per step.
    """
    charged = instalments.due_instalments_charge(partner=partner, at=boundary)
    expiring = list(
        Reservation.objects.filter(
            partner=partner, provisioning_state=ProvisioningState.SUCCEEDED, order__expires_at__lte=boundary
        )
        .select_related("order", "customer")
        .order_by("pk")
    )
    expired_ids: list[int] = []
    renewed: list[ReservationOrder] = []
    for ends_at in sorted({r.order.expires_at for r in expiring}):
        moved = set(
            _transition(
                reservation_ids=[r.pk for r in expiring if r.order.expires_at == ends_at],
                old=ProvisioningState.SUCCEEDED,
                new=ProvisioningState.EXPIRED,
                at=ends_at,
                reason="term ended",
            )
        )
        expired_ids += moved
        renewing = [r for r in expiring if r.pk in moved and r.renew]
        if renewing:
            renewed += _renew(expiring=renewing, at=ends_at)
    if renewed:
        charged += instalments.due_instalments_charge(partner=partner, at=boundary)
    customers = {r.customer_id: r.customer for r in expiring}
    audit_records_write(
        [
            audit_record_build(
                partner=partner,
                actor=None,
                operation_type="renew_reservation",
                resource_type="azure_reservation",
                customer=customers[order.customer_id],
                new_value={"reservationOrderId": str(order.reservation_order_id), "term": order.term},
                customized_data={"ReservationOrderId": order.reservation_order_id, "RenewalOf": order.renewed_from_id},
                when=order.purchased_at,
            )
            for order in renewed
        ]
    )
    return {"charged": charged, "expired": len(expired_ids), "renewed": len(renewed)}


def _has_active(partner) -> bool:
    return Reservation.objects.filter(partner=partner, provisioning_state=ProvisioningState.SUCCEEDED).exists()


@scheduler.register(UTILIZATION_EFFECT)
def _utilization_effect(effect) -> None:
    utilization_accrue(partner=effect.partner, day=(effect.due_at - timedelta(days=1)).date())
    if _has_active(effect.partner):
        daily_effects_ensure(partner=effect.partner, after=effect.due_at, kinds=(UTILIZATION_EFFECT,))


@scheduler.register(LIFECYCLE_EFFECT)
def _lifecycle_effect(effect) -> None:
    lifecycle_run(partner=effect.partner, boundary=effect.due_at)
    if _has_active(effect.partner):
        daily_effects_ensure(partner=effect.partner, after=effect.due_at, kinds=(LIFECYCLE_EFFECT,))
