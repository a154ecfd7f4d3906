"""Due cancellations applied as one batch: the same ledger as one by one, each once, constant queries."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import InvoiceLine
from commerce.models import Availability, LineStatus, OrderStatus, ProductType
from commerce.services import order_create
from partnercenter import scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from software import services
from software.models import ProductKey, PurchaseStatus, SoftwarePurchase
from tests.software_purchases import (
    ONE_YEAR,
    PERPETUAL,
    RED_HAT,
    SQL_ENTERPRISE,
    SUSE,
    WS_DATACENTER,
    catalog_item,
)

DELAY = timedelta(minutes=15)
ITEMS = [(WS_DATACENTER, PERPETUAL), (SQL_ENTERPRISE, ONE_YEAR), (WS_DATACENTER, ONE_YEAR)]


def software_items(count):
    """`count` distinct cancellable software catalog items (an order names each item once)."""
    availabilities = (
        Availability.objects.filter(sku__product__product_type=ProductType.SOFTWARE)
        .exclude(sku__product__product_id__in=[SUSE, RED_HAT])
        .select_related("sku__product")
        .order_by("pk")[:count]
    )
    items = [(a.sku.product.product_id, a.sku.sku_id) for a in availabilities]
    assert len(items) == count
    return items


def order_with(customer, items):
    lines = [{"catalog_item_id": catalog_item(product, sku), "quantity": 1} for product, sku in items]
    return order_create(customer=customer, actor=None, line_items=lines)


def cancel_all(order, actor):
    services.purchase_cancel(order=order, lines=list(order.lines.order_by("pk")), actor=actor)


def move_clock(partner, by):
    """Move the frozen clock without running anything (a sweep or a batch runs it)."""
    partner.clock_frozen_at += by
    partner.save(update_fields=["clock_frozen_at"])


def ledger(order):
    """What a cancellation leaves, per line, without ids: lines, purchases, keys, order, credits, audit."""
    lines = []
    for line in order.lines.order_by("line_number"):
        purchase = SoftwarePurchase.objects.get(order_line=line)
        credit = InvoiceLine.objects.filter(kind="credit", source=f"software.cancel:{line.pk}").first()
        lines.append(
            (
                line.status,
                line.cancelled_at,
                purchase.status,
                purchase.cancelled_at,
                ProductKey.objects.filter(purchase=purchase, revoked_at__isnull=True).count(),
                credit
                and (
                    credit.subtotal,
                    credit.tax,
                    credit.total,
                    credit.charged_at,
                    credit.charge_type,
                    credit.invoice_id,
                ),
            )
        )
    order.refresh_from_db()
    audits = sorted(
        (r.resource_new_value.replace(order.order_id, "ORDER"), r.operation_date)
        for r in AuditRecord.objects.filter(operation_type="create_credit", customized_data__0__value=order.order_id)
    )
    return order.status, lines, [(value.split('"source"')[0], at) for value, at in audits]


def test_a_batch_gives_the_same_ledger_as_one_effect_at_a_time(buy, customer_a, partner_a, admin_agent_a):
    one_by_one, batched = order_with(customer_a, ITEMS), order_with(customer_a, ITEMS)
    cancel_all(one_by_one, admin_agent_a)
    cancel_all(batched, admin_agent_a)
    move_clock(partner_a, DELAY)
    effects = ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT)
    first = [e.pk for e in effects if int(e.target) in set(one_by_one.lines.values_list("pk", flat=True))]

    assert [scheduler.run_effect(pk) for pk in first] == [True, True, True]
    assert scheduler.run_due(partner=partner_a) == 3

    status, lines, audits = ledger(batched)
    assert (status, lines, audits) == ledger(one_by_one)
    assert status == OrderStatus.CANCELLED
    assert [line[:5] for line in lines] == [
        (LineStatus.CANCELLED, partner_a.clock_frozen_at, PurchaseStatus.CANCELLED, partner_a.clock_frozen_at, 0)
    ] * 3
    assert all(line[5] is not None and line[5][2] < 0 for line in lines) and len(audits) == 3


def test_each_cancellation_applies_once_when_the_batch_runs_twice(buy, customer_a, partner_a, admin_agent_a):
    order = order_with(customer_a, ITEMS)
    cancel_all(order, admin_agent_a)
    move_clock(partner_a, DELAY)
    due = {line.pk: partner_a.clock_frozen_at for line in order.lines.all()}

    assert scheduler.run_due(partner=partner_a) == 3
    assert scheduler.run_due(partner=partner_a) == 0
    assert services.cancellations_take_effect(partner=partner_a, due=due) == 0  # a redelivered batch

    assert InvoiceLine.objects.filter(kind="credit", source__startswith="software.cancel:").count() == 3
    assert AuditRecord.objects.filter(operation_type="create_credit").count() == 3


def test_a_batch_killed_halfway_leaves_every_line_pending_and_nothing_written(
    buy, customer_a, partner_a, admin_agent_a, monkeypatch
):
    order = order_with(customer_a, ITEMS)
    cancel_all(order, admin_agent_a)
    move_clock(partner_a, DELAY)

    def killed(**kwargs):
        raise RuntimeError("worker killed after the updates, before the credits")

    monkeypatch.setattr("billing.services.credits_post", killed)
    assert scheduler.run_due(partner=partner_a) == 0

    assert set(order.lines.values_list("status", flat=True)) == {LineStatus.ACTIVE}
    assert not ProductKey.objects.filter(purchase__order_line__order=order, revoked_at__isnull=False).exists()
    assert not InvoiceLine.objects.filter(kind="credit").exists()
    assert all(
        e.done_at is None and "killed" in e.last_error
        for e in ScheduledEffect.objects.filter(kind=services.CANCELLATION_EFFECT)
    )

    monkeypatch.undo()
    assert scheduler.run_due(partner=partner_a) == 3
    assert InvoiceLine.objects.filter(kind="credit").count() == 3


def test_the_queries_of_a_batch_do_not_grow_with_the_number_of_cancellations(buy, customer_a, partner_a, admin_agent_a):
    small = order_with(customer_a, software_items(10))
    cancel_all(small, admin_agent_a)
    move_clock(partner_a, DELAY)
    with CaptureQueriesContext(connection) as ten:
        assert scheduler.run_due(partner=partner_a) == 10

    large = [order_with(customer_a, software_items(18)) for _ in range(27)]  # 486 lines: still one batch
    for order in large:
        cancel_all(order, admin_agent_a)
    move_clock(partner_a, DELAY)
    with CaptureQueriesContext(connection) as many:
        assert scheduler.run_due(partner=partner_a) == 486

    assert len(many.captured_queries) == len(ten.captured_queries)
