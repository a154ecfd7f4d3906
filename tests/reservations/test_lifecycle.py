"""Time: daily utilization, monthly payments, expiry and renewal, all set-based scheduled effects."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from billing.models import InvoiceLine
from partnercenter import clock, scheduler
from partnercenter.models import ScheduledEffect
from reservations import selectors, utilization
from reservations.models import Instalment, Reservation, ReservationOrder, ReservationStateChange, UtilizationDay
from reservations.services import lifecycle, role_assignment_add
from reservations.services.lifecycle_schedule import LIFECYCLE_EFFECT, UTILIZATION_EFFECT
from simulation.services import clock_advance
from tests.reservation_fixtures import reservation_item


def test_ninety_days_give_one_row_per_reservation_and_day_and_right_averages(
    reserve, customer_a, subscription_a, partner_a
):
    reservations = [
        reserve(customer_a, subscription_a),
        reserve(customer_a, subscription_a, item=reservation_item("SQLDB_GP_Compute_Gen5"), quantity=4),
        reserve(customer_a, subscription_a, item=reservation_item("P1v3", "eastus", "P3Y"), billing_plan="Monthly"),
    ]
    now, _processed = clock_advance(partner=partner_a, by=timedelta(days=90))

    first_day, today = date(2030, 1, 10), now.date()
    for reservation in reservations:
        days = list(reservation.utilization_days.order_by("day").values_list("day", flat=True))
        assert days == [first_day + timedelta(days=n) for n in range((today - first_day).days)]
    assert UtilizationDay.objects.count() == 3 * 90
    # Reproducible: each row is the reservation's pattern for that day.
    sql = reservations[1]
    row = sql.utilization_days.get(day=date(2030, 2, 1))
    expected = utilization.daily_percent(
        reservation_id=sql.reservation_id, benefit_start=first_day, day=date(2030, 2, 1)
    )
    assert row.utilization_percent == expected
    assert row.reserved_hours == Decimal(96) and row.used_hours == (Decimal(96) * expected / 100).quantize(
        Decimal("0.01")
    )
    averages = selectors.utilization_averages(reservation_ids=[r.pk for r in reservations], as_of=today)
    for reservation in reservations:
        percents = list(
            reservation.utilization_days.order_by("-day").values_list("utilization_percent", flat=True)[:30]
        )
        grains = averages[reservation.pk]
        assert grains.day_1 == percents[0]
        assert grains.day_7 == (sum(percents[:7]) / 7).quantize(Decimal("0.01"))
        assert grains.day_30 == (sum(percents) / 30).quantize(Decimal("0.01"))


def test_a_day_run_twice_adds_nothing(reservation_a, partner_a):
    assert lifecycle.utilization_accrue(partner=partner_a, day=date(2030, 1, 10)) == 1
    assert lifecycle.utilization_accrue(partner=partner_a, day=date(2030, 1, 10)) == 0
    assert lifecycle.lifecycle_run(partner=partner_a, boundary=datetime(2030, 1, 11, tzinfo=UTC))["charged"] == 0
    assert UtilizationDay.objects.count() == 1


def test_one_effect_per_partner_and_day_with_constant_queries(
    reserve, customer_a, subscription_a, partner_a, django_assert_max_num_queries
):
    for _ in range(3):
        reserve(customer_a, subscription_a, billing_plan="Monthly")
    effects = ScheduledEffect.objects.filter(kind__startswith="reservations.", done_at__isnull=True)
    assert sorted(effects.values_list("kind", flat=True)) == sorted([UTILIZATION_EFFECT, LIFECYCLE_EFFECT])
    few = [reserve(customer_a, subscription_a) for _ in range(2)]
    with django_assert_max_num_queries(8) as few_queries:
        lifecycle.utilization_accrue(partner=partner_a, day=date(2030, 1, 11))
    for _ in range(20):
        reserve(customer_a, subscription_a)
    with django_assert_max_num_queries(len(few_queries.captured_queries)):
        assert lifecycle.utilization_accrue(partner=partner_a, day=date(2030, 1, 12)) == 3 + len(few) + 20


def test_profiles_are_reproducible_and_varied():
    ids = [f"00000000-0000-0000-0000-{n:012d}" for n in range(200)]
    profiles = [utilization.profile_of(i) for i in ids]
    assert profiles == [utilization.profile_of(i) for i in ids]
    assert set(profiles) == set(utilization.Profile)
    falling = next(i for i, p in zip(ids, profiles, strict=True) if p == utilization.Profile.FALLING_OFF)
    early = utilization.daily_percent(reservation_id=falling, benefit_start=date(2030, 1, 1), day=date(2030, 1, 5))
    late = utilization.daily_percent(reservation_id=falling, benefit_start=date(2030, 1, 1), day=date(2030, 6, 1))
    assert early > Decimal(80) > Decimal(30) > late


def test_monthly_payments_one_per_month_and_none_after_expiry(reserve, customer_a, subscription_a, partner_a):
    reservation = reserve(customer_a, subscription_a, quantity=2, billing_plan="Monthly")
    clock_advance(partner=partner_a, to=datetime(2030, 3, 9, 12, tzinfo=UTC))
    assert list(reservation.instalments.values_list("sequence", "due_at")) == [
        (0, datetime(2030, 1, 10, 9, tzinfo=UTC)),
        (1, datetime(2030, 2, 10, tzinfo=UTC)),
    ]
    clock_advance(partner=partner_a, to=datetime(2030, 3, 10, tzinfo=UTC))
    assert reservation.instalments.count() == 3
    clock_advance(partner=partner_a, by=timedelta(days=400))
    payments = list(reservation.instalments.order_by("sequence"))
    assert [p.sequence for p in payments] == list(range(12))
    assert payments[-1].due_at == datetime(2030, 12, 10, tzinfo=UTC)
    assert sum(p.amount for p in payments) == reservation.unit_price * 2
    lines = InvoiceLine.objects.filter(source__startswith=f"reservations.instalment:{reservation.reservation_id}:")
    assert lines.count() == 12
    assert sorted(lines.values_list("charge_type", flat=True)) == ["cycleCharge"] * 11 + ["new"]
    reservation.refresh_from_db()
    assert reservation.provisioning_state == "Expired"


def test_expiry_on_the_exact_day(reservation_a, partner_a):
    ends = reservation_a.order.expires_at
    assert ends == datetime(2031, 1, 10, tzinfo=UTC)
    clock_advance(partner=partner_a, to=ends - timedelta(seconds=1))
    reservation_a.refresh_from_db()
    assert reservation_a.provisioning_state == "Succeeded"
    assert reservation_a.display_state(clock.now(partner_a)) == "Expiring"
    clock_advance(partner=partner_a, to=ends)
    reservation_a.refresh_from_db()
    assert (reservation_a.provisioning_state, reservation_a.ended_at) == ("Expired", ends)
    assert list(ReservationStateChange.objects.filter(reservation=reservation_a).values_list("new_state", "at")) == [
        ("Succeeded", datetime(2030, 1, 10, 9, tzinfo=UTC)),
        ("Expired", ends),
    ]
    assert reservation_a.utilization_days.order_by("day").last().day == date(2031, 1, 9)
    clock_advance(partner=partner_a, by=timedelta(days=5))
    assert reservation_a.utilization_days.count() == 365
    assert not ReservationOrder.objects.filter(renewed_from=reservation_a.order).exists()
    # The chain stops when nothing is active.
    assert not ScheduledEffect.objects.filter(kind__startswith="reservations.", done_at__isnull=True).exists()


def test_auto_renew_creates_a_new_order_and_charge_on_the_exact_day(
    reserve, customer_a, subscription_a, partner_a, admin_agent_a, make_user
):
    reservation = reserve(customer_a, subscription_a, renew=True, scope="single", display_name="renewing")
    reader = make_user()
    role_assignment_add(reservation=reservation, actor=admin_agent_a, user_id=reader.pk, role="reservations_reader")
    ends = reservation.order.expires_at
    clock_advance(partner=partner_a, to=ends - timedelta(seconds=1))
    assert not ReservationOrder.objects.filter(renewed_from=reservation.order).exists()
    clock_advance(partner=partner_a, to=ends)

    renewal = ReservationOrder.objects.get(renewed_from=reservation.order)
    assert (renewal.purchased_at, renewal.benefit_start, renewal.expires_at) == (
        ends,
        ends,
        datetime(2032, 1, 10, tzinfo=UTC),
    )
    new = renewal.reservations.get()
    assert (new.display_name, new.renew, new.applied_subscription, new.unit_price, new.quantity) == (
        "renewing",
        True,
        subscription_a,
        reservation.unit_price,
        1,
    )
    assert new.role_assignments.get().user == reader
    charge = InvoiceLine.objects.get(source=f"reservations.instalment:{new.reservation_id}:0")
    assert (charge.charge_type, charge.charged_at, charge.unit_price) == ("renew", ends, reservation.unit_price)
    assert Reservation.objects.get(pk=reservation.pk).provisioning_state == "Expired"
    # Running the day again changes nothing.
    lifecycle.lifecycle_run(partner=partner_a, boundary=ends)
    assert ReservationOrder.objects.filter(renewed_from__isnull=False).count() == 1
    assert Instalment.objects.filter(reservation=new).count() == 1


def test_a_killed_effect_leaves_nothing_and_the_rerun_completes(reservation_a, partner_a, monkeypatch):
    effect = ScheduledEffect.objects.get(kind=UTILIZATION_EFFECT)
    partner_a.clock_frozen_at = effect.due_at
    partner_a.save(update_fields=["clock_frozen_at"])

    def die(**kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(lifecycle, "daily_effects_ensure", die)
    with pytest.raises(RuntimeError):
        scheduler.run_effect(effect.pk)
    assert UtilizationDay.objects.count() == 0  # rolled back with the effect
    monkeypatch.undo()
    assert scheduler.run_effect(effect.pk) is True
    assert scheduler.run_effect(effect.pk) is False
    assert UtilizationDay.objects.count() == 1
