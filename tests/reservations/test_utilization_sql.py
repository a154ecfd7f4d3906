"""Utilization computed in SQL (the daily effect) and in Python (SQLite, demo) gives the same figures."""

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reservations import utilization
from reservations.models import Reservation, UtilizationDay
from reservations.services import lifecycle

DAY = date(2030, 1, 20)


def sql_hundredths(*, reservation_ids, benefit_start: datetime, day: date) -> dict[str, int]:
    """The SQL expression over many ids for one day, as the daily effect evaluates it."""
    statement = f"""
        SELECT reservation_id::text, {utilization.SQL_HUNDREDTHS} FROM (
            SELECT r.reservation_id, {utilization.SQL_FACTORS}
            FROM unnest(%(ids)s::uuid[]) AS r(reservation_id), (SELECT %(start)s::timestamptz AS benefit_start) o
        ) batch
    """
    with connection.cursor() as cursor:
        params = {"ids": reservation_ids, "start": benefit_start, "day": day, "day_iso": day.isoformat()}
        cursor.execute(statement, params)
        return dict(cursor.fetchall())


def test_sql_and_python_give_the_same_figure_for_many_ids_and_days(db):
    ids = [str(uuid.UUID(int=n * 7919 + 12345)) for n in range(400)]
    benefit_start = datetime(2030, 1, 1, tzinfo=UTC)
    seen = set()
    for offset in (0, 1, 9, 45, 106, 200, 400):
        day = benefit_start.date() + timedelta(days=offset)
        in_sql = sql_hundredths(reservation_ids=ids, benefit_start=benefit_start, day=day)
        in_python = {
            rid: utilization.hundredths(reservation_id=rid, benefit_start=benefit_start.date(), day=day) for rid in ids
        }
        assert in_sql == in_python
        seen |= set(in_python.values())
    assert min(seen) < 1000 and max(seen) > 9800  # idle, well used and falling-off figures all met


def test_the_daily_rows_hold_the_python_figures(reserve, customer_a, subscription_a, partner_a):
    reservations = [reserve(customer_a, subscription_a, quantity=q) for q in (1, 3, 7)]

    assert lifecycle.utilization_accrue(partner=partner_a, day=DAY) == 3

    for reservation in reservations:
        row = UtilizationDay.objects.get(reservation=reservation, day=DAY)
        figure = utilization.hundredths(
            reservation_id=reservation.reservation_id, benefit_start=date(2030, 1, 10), day=DAY
        )
        reserved = 24 * reservation.quantity
        assert row.utilization_percent == Decimal(figure) / 100
        assert row.reserved_hours == reserved
        assert row.used_hours == utilization.used_hours(reserved=reserved, percent_hundredths=figure)
        assert row.used_hours == (Decimal(reserved) * row.utilization_percent / 100).quantize(Decimal("0.01"))


def clones(reservation, count):
    """`count` more reservations like `reservation` on the same order (rows only: enough for a day's effects)."""
    fields = {
        f.attname: getattr(reservation, f.attname)
        for f in Reservation._meta.concrete_fields
        if f.attname not in ("id", "reservation_id")
    }
    return Reservation.objects.bulk_create([Reservation(**fields, reservation_id=uuid.uuid4()) for _ in range(count)])


def day_effects(partner, day):
    with CaptureQueriesContext(connection) as queries:
        accrued = lifecycle.utilization_accrue(partner=partner, day=day)
        boundary = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
        lifecycle.lifecycle_run(partner=partner, boundary=boundary)
    return accrued, len(queries.captured_queries)


def test_a_day_costs_the_same_queries_for_10_and_500_reservations(reserve, customer_a, subscription_a, partner_a):
    first = reserve(customer_a, subscription_a)
    clones(first, 9)
    accrued, few = day_effects(partner_a, DAY)
    assert accrued == 10

    clones(first, 490)
    accrued, many = day_effects(partner_a, DAY + timedelta(days=1))
    assert accrued == 500
    assert many == few
    again, queries = day_effects(partner_a, DAY + timedelta(days=1))
    assert again == 0 and queries <= few  # a re-run adds nothing
