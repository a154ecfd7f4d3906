"""The one cancellation service: window rules per profile, refusals, visibility delay, revocation, credit."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import InvoiceLine
from commerce.errors import CommerceError
from commerce.models import LineStatus, OrderStatus
from commerce.services import order_cancel
from partnercenter import scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from simulation.services import clock_advance
from software import services
from software.models import ProductKey, PurchaseStatus
from tests.software_purchases import (
    NOT_ADMIN_AGENT_ROLES,
    ONE_YEAR,
    PERPETUAL,
    RED_HAT,
    SQL_ENTERPRISE,
    SUSE,
    THREE_YEARS,
)

DELAY = timedelta(minutes=15)


def cancel(purchase, actor):
    line = purchase.order_line
    return services.purchase_cancel(order=line.order, lines=[line], actor=actor)


def refresh(purchase):
    purchase.refresh_from_db()
    purchase.order_line.refresh_from_db()
    purchase.order_line.order.refresh_from_db()
    return purchase


def credit_of(purchase):
    return InvoiceLine.objects.filter(source=f"software.cancel:{purchase.order_line.pk}").first()


@pytest.mark.parametrize("sku_id", [PERPETUAL, ONE_YEAR])
def test_legacy_profile_allows_day_30_and_refuses_day_31(buy, customer_a, partner_a, admin_agent_a, sku_id):
    on_day_30, on_day_31 = buy(customer_a, sku_id=sku_id), buy(customer_a, SQL_ENTERPRISE, sku_id)
    clock_advance(partner=partner_a, by=timedelta(days=30))

    cancel(on_day_30, admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    with pytest.raises(CommerceError) as refused:
        cancel(on_day_31, admin_agent_a)

    assert refused.value.code == 900117
    assert refused.value.description == (
        "You have passed your 30-day cancellation window. We are unable to cancel your purchase"
    )
    assert refresh(on_day_30).order_line.cancel_requested_at is not None
    assert refresh(on_day_31).order_line.cancel_requested_at is None


def test_current_profile_gives_subscriptions_7_days(buy, customer_a, partner_a, admin_agent_a, current_policy):
    day_7, day_8 = buy(customer_a, sku_id=ONE_YEAR), buy(customer_a, SQL_ENTERPRISE, THREE_YEARS)
    clock_advance(partner=partner_a, by=timedelta(days=7))
    cancel(day_7, admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(seconds=1))

    with pytest.raises(CommerceError) as refused:
        cancel(day_8, admin_agent_a)

    assert refused.value.code == 900117
    assert "7-day cancellation window" in refused.value.description


def test_current_profile_keeps_30_days_for_perpetual(buy, customer_a, partner_a, admin_agent_a, current_policy):
    day_30, day_31 = buy(customer_a), buy(customer_a, SQL_ENTERPRISE)
    clock_advance(partner=partner_a, by=timedelta(days=30))
    cancel(day_30, admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(seconds=1))

    with pytest.raises(CommerceError) as refused:
        cancel(day_31, admin_agent_a)

    assert refused.value.code == 900117
    assert "30-day" in refused.value.description


@pytest.mark.parametrize("product_id", [SUSE, RED_HAT])
def test_suse_and_red_hat_plans_can_never_be_cancelled(buy, customer_a, admin_agent_a, product_id):
    plan = buy(customer_a, product_id, "0001")

    with pytest.raises(CommerceError) as refused:
        cancel(plan, admin_agent_a)

    assert refused.value.code == 800061
    assert "SUSE Linux and Red Hat" in refused.value.description
    assert not ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT).exists()


@pytest.mark.parametrize("role", NOT_ADMIN_AGENT_ROLES)
def test_only_admin_agents_cancel(buy, customer_a, make_user, role):
    purchase = buy(customer_a)

    with pytest.raises(CommerceError) as refused:
        cancel(purchase, make_user(role))

    assert refused.value.status == 403
    assert refresh(purchase).order_line.cancel_requested_at is None


def test_cancellation_is_confirmed_at_once_and_visible_after_the_delay(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a, quantity=2)

    cancel(purchase, admin_agent_a)

    refresh(purchase)
    assert purchase.order_line.cancel_requested_at is not None
    assert not purchase.is_cancelled
    assert purchase.order_line.visible_quantity == 2
    record = AuditRecord.objects.get(operation_type="update_order")
    assert record.resource_type == "order"
    assert record.user_principal_name == admin_agent_a.username

    clock_advance(partner=partner_a, by=DELAY - timedelta(seconds=1))
    refresh(purchase)
    assert purchase.order_line.status == LineStatus.ACTIVE
    assert not purchase.is_cancelled
    assert credit_of(purchase) is None

    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    refresh(purchase)
    assert purchase.order_line.status == LineStatus.CANCELLED
    assert purchase.order_line.visible_quantity == 0
    assert purchase.order_line.cancelled_at == purchase.order_line.cancel_requested_at + DELAY
    assert purchase.status == PurchaseStatus.CANCELLED
    assert purchase.order_line.order.status == OrderStatus.CANCELLED


def test_order_stays_completed_while_another_line_is_active(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a, extra=[(SQL_ENTERPRISE, PERPETUAL)])

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    assert refresh(purchase).order_line.order.status == OrderStatus.COMPLETED


def test_second_cancel_of_the_same_line_is_refused(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    cancel(purchase, admin_agent_a)

    with pytest.raises(CommerceError) as pending:
        cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)
    with pytest.raises(CommerceError) as done:
        cancel(refresh(purchase), admin_agent_a)

    assert pending.value.code == 800061
    assert "already in progress" in pending.value.description
    assert "already cancelled" in done.value.description
    assert ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT).count() == 1


def test_perpetual_credit_is_100_percent_on_the_next_invoice(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a, quantity=2)  # IT price 715.51 EUR
    clock_advance(partner=partner_a, by=timedelta(days=12))

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    credit = credit_of(purchase)
    assert credit.subtotal == Decimal("-1431.02")
    assert credit.currency == "EUR"
    assert credit.charge_type == "cancelImmediate"


def test_subscription_credit_is_prorated_by_unused_days(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a, sku_id=ONE_YEAR, quantity=2)  # 277.14 EUR each, 365-day term
    clock_advance(partner=partner_a, by=timedelta(days=10, hours=5))

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    # 10 whole days used: 554.28 × 355 / 365 = 539.0942… → 539.09
    assert credit_of(purchase).subtotal == Decimal("-539.09")


def test_current_profile_subscription_credit_is_prorated(buy, customer_a, partner_a, admin_agent_a, current_policy):
    purchase = buy(customer_a, sku_id=ONE_YEAR, quantity=2)  # 277.14 EUR each
    clock_advance(partner=partner_a, by=timedelta(days=3, hours=5))

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    # 3 whole days used: 554.28 × 362 / 365 = 549.7242… → 549.72
    assert credit_of(purchase).subtotal == Decimal("-549.72")


def test_the_credit_lands_on_the_invoice_after_the_purchases(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a, SQL_ENTERPRISE, THREE_YEARS)  # 12,887.94 EUR on 10 January 2030
    clock_advance(partner=partner_a, by=timedelta(days=24, hours=3))  # 3 February: January is issued

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    charge = InvoiceLine.objects.get(source=f"software.purchase:{purchase.order_line.pk}")
    credit = credit_of(purchase)
    assert (charge.invoice.billing_period_start.month, charge.invoice.status) == (1, "issued")
    assert (credit.invoice.billing_period_start.month, credit.invoice.status) == (2, "open")
    # 24 whole days of a 1,096-day term used: 12,887.94 × 1,072 / 1,096 = 12,605.7223… → 12,605.72
    assert credit.subtotal == Decimal("-12605.72")
    assert credit.credits_source == charge.source


def test_no_early_termination_fee_on_day_30(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=30))

    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)

    assert credit_of(purchase).subtotal == Decimal("-715.51")
    assert InvoiceLine.objects.filter(customer=customer_a, kind="charge").count() == 1


def test_the_effect_is_idempotent(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    cancel(purchase, admin_agent_a)
    clock_advance(partner=partner_a, by=DELAY)
    at = refresh(purchase).cancelled_at

    assert services.cancellation_take_effect(line_pk=purchase.order_line.pk, at=at + DELAY) is False
    assert InvoiceLine.objects.filter(source=f"software.cancel:{purchase.order_line.pk}").count() == 1
    assert refresh(purchase).cancelled_at == at


def test_an_effect_killed_halfway_leaves_nothing_and_the_rerun_applies_it_once(
    buy, customer_a, partner_a, admin_agent_a, monkeypatch
):
    purchase = buy(customer_a)
    cancel(purchase, admin_agent_a)

    def killed(**kwargs):
        raise RuntimeError("worker killed after revoking, before the credit")

    # The handler imports credits_post when it runs, so this one is used: the line is already
    # cancelled and the keys revoked in the effect's transaction when it dies.
    monkeypatch.setattr("billing.services.credits_post", killed)
    clock_advance(partner=partner_a, by=DELAY)

    effect = ScheduledEffect.objects.get(kind=services.CANCELLATION_EFFECT)
    assert effect.done_at is None and "killed" in effect.last_error
    assert refresh(purchase).order_line.status == LineStatus.ACTIVE
    assert purchase.status == PurchaseStatus.CANCELLATION_PENDING
    assert not ProductKey.objects.filter(purchase=purchase, revoked_at__isnull=False).exists()

    monkeypatch.undo()
    scheduler.run_due(partner=partner_a)
    scheduler.run_due(partner=partner_a)

    assert refresh(purchase).status == PurchaseStatus.CANCELLED
    assert purchase.order_line.cancelled_at == effect.due_at
    assert InvoiceLine.objects.filter(source=f"software.cancel:{purchase.order_line.pk}").count() == 1
    assert not ProductKey.objects.filter(purchase=purchase, revoked_at__isnull=True).exists()


def test_commerce_order_cancel_goes_through_the_same_rules(buy, customer_a, partner_a, admin_agent_a):
    purchase = buy(customer_a)
    clock_advance(partner=partner_a, by=timedelta(days=31))

    with pytest.raises(CommerceError) as refused:
        order_cancel(customer=customer_a, order_id=purchase.order_line.order.order_id, actor=admin_agent_a)

    assert refused.value.code == 900117


def test_random_visibility_delay_stays_within_the_setting(buy, customer_a, admin_agent_a, settings):
    settings.CANCELLATION_VISIBILITY_RANDOM = True
    purchase = buy(customer_a)

    cancel(purchase, admin_agent_a)

    effect = ScheduledEffect.objects.get(kind=services.CANCELLATION_EFFECT)
    assert timedelta(0) <= effect.due_at - refresh(purchase).order_line.cancel_requested_at <= DELAY


def test_operator_back_office_may_cancel_as_support(buy, customer_a, admin_user):
    purchase = buy(customer_a)

    cancel(purchase, admin_user)

    assert refresh(purchase).status == PurchaseStatus.CANCELLATION_PENDING


def test_non_software_lines_are_refused(buy, customer_a, admin_agent_a):
    purchase = buy(customer_a)
    with pytest.raises(CommerceError) as refused:
        services.purchase_cancel(order=purchase.order_line.order, lines=[], actor=admin_agent_a)
    assert refused.value.code == 800002
