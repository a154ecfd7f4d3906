"""Monthly invoices: lines land on the open month, month ends issue in order, issued invoices never change."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from billing import selectors, services
from billing.models import Invoice, InvoiceLine, InvoiceStatus
from partnercenter import scheduler
from partnercenter.models import AuditRecord, ScheduledEffect
from simulation.services import clock_advance

FEB_1 = datetime(2030, 2, 1, tzinfo=UTC)


def totals(invoice):
    invoice = selectors.invoice_get(partner=invoice.partner, pk=invoice.pk)
    return invoice.total_charges, invoice.total_credits, invoice.total_tax, invoice.total_amount


def test_a_charge_opens_the_month_invoice_and_schedules_its_issue_at_the_month_end(charge, customer_a):
    line = charge(customer_a, "100.00")

    invoice = line.invoice
    assert invoice.status == InvoiceStatus.OPEN
    assert (invoice.billing_period_start, invoice.billing_period_end) == (datetime(2030, 1, 1, tzinfo=UTC), FEB_1)
    assert invoice.currency == "EUR"
    assert invoice.number == ""
    effect = ScheduledEffect.objects.get(kind=services.ISSUE_EFFECT, target=str(invoice.pk))
    assert effect.due_at == FEB_1


def test_invoice_across_a_month_boundary(charge, customer_a, frozen_a):
    clock_advance(partner=frozen_a, to=datetime(2030, 1, 31, 23, 59, 59, tzinfo=UTC))
    last_second = charge(customer_a, "10.00")

    clock_advance(partner=frozen_a, to=FEB_1)
    first_instant = charge(customer_a, "20.00", at=FEB_1)

    january = Invoice.objects.get(pk=last_second.invoice_id)
    assert january.status == InvoiceStatus.ISSUED
    assert january.issued_at == FEB_1
    assert january.number == f"G{january.pk:09d}"
    february = first_instant.invoice
    assert february.status == InvoiceStatus.OPEN
    assert february.billing_period_start == FEB_1
    assert totals(january) == (Decimal("10"), Decimal("0"), Decimal("2.2"), Decimal("12.2"))
    assert totals(february) == (Decimal("20"), Decimal("0"), Decimal("4.4"), Decimal("24.4"))


def test_several_month_ends_in_one_advance_issue_each_month_in_order(charge, customer_a, frozen_a):
    charge(customer_a, "50.00")

    clock_advance(partner=frozen_a, to=datetime(2030, 5, 15, tzinfo=UTC))

    invoices = list(Invoice.objects.filter(partner=frozen_a).order_by("billing_period_start"))
    assert [i.billing_period_start.month for i in invoices] == [1, 2, 3, 4, 5]
    assert [i.status for i in invoices] == ["issued"] * 4 + ["open"]
    assert [i.issued_at for i in invoices[:4]] == [datetime(2030, m, 1, tzinfo=UTC) for m in (2, 3, 4, 5)]
    numbers = [i.number for i in invoices[:4]]
    assert numbers == sorted(numbers) and len(set(numbers)) == 4
    ready = AuditRecord.objects.filter(partner=frozen_a, operation_type="ready_invoice").order_by("operation_date")
    assert [r.operation_date.month for r in ready] == [2, 3, 4, 5]
    assert totals(invoices[0])[3] == Decimal("61.00")
    assert totals(invoices[1])[3] == Decimal("0")


def test_a_credit_lands_on_the_open_invoice_never_on_an_issued_one(charge, customer_a, frozen_a):
    purchase = charge(customer_a, "100.00", source="order:1:line:1")
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 3, tzinfo=UTC))

    # Credited "as of" January, but January is issued: the credit goes on February's invoice.
    credit, created = services.credit_post(
        customer=customer_a,
        source="order:1:line:1:cancel",
        credits_source="order:1:line:1",
        order_id=purchase.order_id,
        product_name=purchase.product_name,
        sku_name=purchase.sku_name,
        quantity=1,
        amount=Decimal("100.00"),
        currency="EUR",
        credited_at=datetime(2030, 1, 20, tzinfo=UTC),
    )

    assert created
    january = Invoice.objects.get(pk=purchase.invoice_id)
    assert credit.invoice.billing_period_start == FEB_1
    assert credit.invoice.status == InvoiceStatus.OPEN
    assert (credit.subtotal, credit.tax, credit.total) == (Decimal("-100"), Decimal("-22"), Decimal("-122"))
    assert credit.unit_price == Decimal("-100")
    assert totals(january) == (Decimal("100"), Decimal("0"), Decimal("22"), Decimal("122"))
    assert totals(credit.invoice) == (Decimal("0"), Decimal("-100"), Decimal("-22"), Decimal("-122"))
    audit = AuditRecord.objects.get(partner=frozen_a, operation_type="create_credit")
    assert audit.resource_type == "credit"
    assert audit.customer_id == customer_a.tenant_id
    assert {"key": "Source", "value": "order:1:line:1:cancel"} in audit.customized_data


def test_a_late_line_issues_the_finished_month_first_and_the_effect_then_does_nothing(charge, customer_a, frozen_a):
    january_line = charge(customer_a, "10.00")
    # The clock passes the month end but the sweeper has not run yet.
    type(frozen_a).objects.filter(pk=frozen_a.pk).update(clock_frozen_at=datetime(2030, 2, 2, tzinfo=UTC))
    frozen_a.clock_frozen_at = datetime(2030, 2, 2, tzinfo=UTC)

    february_line = charge(customer_a, "20.00")
    ran = scheduler.run_due(partner=frozen_a)

    assert ran == 1
    assert february_line.invoice.billing_period_start == FEB_1
    january = Invoice.objects.get(pk=january_line.invoice_id)
    assert (january.status, january.issued_at) == (InvoiceStatus.ISSUED, FEB_1)
    assert AuditRecord.objects.filter(operation_type="ready_invoice").count() == 1
    assert Invoice.objects.filter(partner=frozen_a).count() == 2


def test_issuing_twice_changes_nothing(charge, customer_a):
    invoice = charge(customer_a, "10.00").invoice

    first = services.invoice_issue(invoice_id=invoice.pk, issued_at=FEB_1)
    second = services.invoice_issue(invoice_id=invoice.pk, issued_at=FEB_1 + timedelta(days=3))

    assert (second.number, second.issued_at) == (first.number, FEB_1)
    assert Invoice.objects.filter(partner=invoice.partner).count() == 2
    assert AuditRecord.objects.filter(operation_type="ready_invoice").count() == 1


def test_invoices_are_per_currency(charge, customer_a):
    euro = charge(customer_a, "10.00", currency="EUR")
    dollar = charge(customer_a, "10.00", currency="usd")

    assert euro.invoice_id != dollar.invoice_id
    assert dollar.invoice.currency == dollar.currency == "USD"
    assert Invoice.objects.filter(partner=customer_a.partner, status="open").count() == 2


def test_the_database_refuses_to_change_issued_invoices_and_any_line(charge, customer_a):
    line = charge(customer_a, "10.00")
    services.invoice_issue(invoice_id=line.invoice_id, issued_at=FEB_1)

    for attempt in (
        lambda: InvoiceLine.objects.filter(pk=line.pk).update(total=Decimal("0"), subtotal=Decimal("0")),
        lambda: InvoiceLine.objects.filter(pk=line.pk).delete(),
        lambda: Invoice.objects.filter(pk=line.invoice_id).update(currency="USD"),
        lambda: InvoiceLine.objects.create(
            **{f.attname: getattr(line, f.attname) for f in InvoiceLine._meta.concrete_fields if f.name != "id"}
            | {"source": "sneaky"}
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert InvoiceLine.objects.get(pk=line.pk).total == Decimal("12.20")


def test_an_issue_killed_halfway_leaves_the_invoice_open_and_the_next_run_completes_it(
    charge, customer_a, frozen_a, monkeypatch
):
    invoice = charge(customer_a, "10.00").invoice
    real_open = services._invoice_open

    def crash(**kwargs):
        raise RuntimeError("worker killed")

    # The crash comes after the invoice row was numbered, while opening February.
    monkeypatch.setattr(services, "_invoice_open", crash)
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 2, tzinfo=UTC))
    invoice.refresh_from_db()
    effect = ScheduledEffect.objects.get(kind=services.ISSUE_EFFECT, target=str(invoice.pk))
    assert (invoice.status, invoice.number, effect.done_at, effect.attempts) == ("open", "", None, 1)
    assert not AuditRecord.objects.filter(operation_type="ready_invoice").exists()

    monkeypatch.setattr(services, "_invoice_open", real_open)
    assert scheduler.run_due(partner=frozen_a) == 1

    invoice.refresh_from_db()
    assert (invoice.status, invoice.issued_at) == ("issued", FEB_1)
    assert Invoice.objects.get(partner=frozen_a, status="open").billing_period_start == FEB_1
