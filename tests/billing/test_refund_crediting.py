"""The refund-crediting work is a scheduled effect: run twice, killed halfway, it still credits once.

Goes through the real path: an order through commerce, a cancellation through software, the
clock crossing the month end, the scheduler running the software effect that calls credit_post.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from billing import services as billing_services
from billing.models import Invoice, InvoiceLine, InvoiceStatus
from commerce.models import LineStatus
from commerce.services import order_create
from partnercenter import scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from simulation.services import clock_advance
from software import services as software_services
from software.models import SoftwarePurchase
from tests.software_purchases import PERPETUAL, WS_DATACENTER, catalog_item

FEB_1 = datetime(2030, 2, 1, tzinfo=UTC)
DELAY = timedelta(minutes=15)


@pytest.fixture
def cancelled_at_month_end(catalog, customer_a, admin_agent_a, frozen_a):
    """A perpetual purchase on 15 January (715.51 EUR), cancelled at 23:50 on 31 January.

    The cancellation takes effect 15 minutes later, on 1 February: after January is issued.
    """
    order = order_create(
        customer=customer_a,
        actor=None,
        line_items=[{"catalog_item_id": catalog_item(WS_DATACENTER, PERPETUAL), "quantity": 1}],
    )
    purchase = SoftwarePurchase.objects.select_related("order_line__order").get(order_line__order=order)
    clock_advance(partner=frozen_a, to=datetime(2030, 1, 31, 23, 50, tzinfo=UTC))
    line = purchase.order_line
    software_services.purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a)
    return purchase


def cancellation_effect(purchase):
    return ScheduledEffect.objects.get(kind=software_services.CANCELLATION_EFFECT, target=str(purchase.order_line.pk))


def credits_for(purchase):
    return InvoiceLine.objects.filter(source=f"software.cancel:{purchase.order_line.pk}")


def test_the_credit_lands_on_the_next_invoice_and_running_the_handler_again_credits_nothing(
    cancelled_at_month_end, frozen_a
):
    purchase = cancelled_at_month_end
    clock_advance(partner=frozen_a, by=timedelta(hours=1))
    effect = cancellation_effect(purchase)

    # The handler runs a second and a third time (a redelivered task, a sweeper racing the clock).
    scheduler._handlers[software_services.CANCELLATION_EFFECT](effect)
    assert scheduler.run_effect(effect.pk) is False

    credit = credits_for(purchase).get()
    january = Invoice.objects.get(partner=frozen_a, billing_period_start__month=1)
    assert (january.status, january.issued_at) == (InvoiceStatus.ISSUED, FEB_1)
    assert not january.lines.filter(kind="credit").exists()
    assert credit.invoice.billing_period_start == FEB_1 and credit.invoice.status == InvoiceStatus.OPEN
    assert credit.charged_at == effect.due_at == datetime(2030, 2, 1, 0, 5, tzinfo=UTC)
    assert (credit.charge_type, credit.quantity) == ("cancelImmediate", 1)
    assert (credit.subtotal, credit.tax, credit.total) == (Decimal("-715.51"), Decimal("-157.41"), Decimal("-872.92"))
    assert credit.credits_source == f"software.purchase:{purchase.order_line.pk}"
    assert AuditRecord.objects.filter(partner=frozen_a, operation_type="create_credit").count() == 1


def test_a_run_killed_after_the_credit_rolls_back_and_the_rerun_credits_once(
    cancelled_at_month_end, frozen_a, monkeypatch
):
    purchase = cancelled_at_month_end
    real_credits_post = billing_services.credits_post

    def credit_then_die(**kwargs):
        real_credits_post(**kwargs)
        raise RuntimeError("worker killed after the credit, before the effect was marked done")

    # The software handler imports credits_post when it runs, so the patched one is used.
    monkeypatch.setattr(billing_services, "credits_post", credit_then_die)
    clock_advance(partner=frozen_a, by=timedelta(hours=1))

    effect = cancellation_effect(purchase)
    purchase.order_line.refresh_from_db()
    assert effect.done_at is None and effect.attempts >= 1
    assert "worker killed" in effect.last_error
    assert not credits_for(purchase).exists()
    assert not AuditRecord.objects.filter(operation_type="create_credit").exists()
    assert purchase.order_line.status == LineStatus.ACTIVE
    # January was issued by its own effect, which is not undone by the failed cancellation.
    assert Invoice.objects.get(partner=frozen_a, billing_period_start__month=1).status == InvoiceStatus.ISSUED

    monkeypatch.setattr(billing_services, "credits_post", real_credits_post)
    assert scheduler.run_due(partner=frozen_a) == 1
    assert scheduler.run_due(partner=frozen_a) == 0
    assert scheduler.run_effect(effect.pk) is False

    credit = credits_for(purchase).get()
    assert credit.total == Decimal("-872.92")
    assert credit.invoice.billing_period_start == FEB_1
    assert AuditRecord.objects.filter(operation_type="create_credit").count() == 1
    purchase.order_line.refresh_from_db()
    assert (purchase.order_line.status, purchase.order_line.cancelled_at) == (LineStatus.CANCELLED, effect.due_at)


def test_a_credit_already_posted_for_the_source_is_reported_done_when_the_effect_runs(
    cancelled_at_month_end, frozen_a, customer_a
):
    """Even if a credit for the line exists before the effect runs, the effect adds none."""
    purchase = cancelled_at_month_end
    line = purchase.order_line
    billing_services.credit_post(
        customer=customer_a,
        source=f"software.cancel:{line.pk}",
        order_id=line.order.order_id,
        product_name=purchase.product_title,
        sku_name=purchase.sku_title,
        quantity=1,
        amount=Decimal("715.51"),
        currency="EUR",
        credited_at=frozen_a.clock_frozen_at,
    )

    clock_advance(partner=frozen_a, by=timedelta(hours=1))

    assert cancellation_effect(purchase).done_at is not None
    assert credits_for(purchase).count() == 1
    assert credits_for(purchase).get().invoice.billing_period_start.month == 1
