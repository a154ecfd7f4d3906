"""credits_post: many credits in a few statements, placed and checked as credit_post does, each once."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from billing import services
from billing.models import Invoice, InvoiceLine, InvoiceStatus, LineKind
from partnercenter.models import AuditRecord


def credit(customer, number, *, amount="10.00", at=None, **overrides):
    return services.Credit(
        customer=customer,
        source=f"test:credit:{number}",
        order_id=f"ORDER{number}",
        product_name="Windows Server 2022 Standard",
        sku_name="16 core",
        quantity=overrides.pop("quantity", 1),
        amount=Decimal(amount),
        currency=overrides.pop("currency", "EUR"),
        credited_at=at or customer.partner.clock_frozen_at,
        **overrides,
    )


def test_many_credits_match_what_credit_post_writes_line_for_line(frozen_a, customer_a, customer_au):
    given = [credit(customer_a, 1, amount="99.99"), credit(customer_au, 2, amount="110.00", currency="AUD")]
    batch = services.credits_post(partner=frozen_a, credits=given)
    singles = [services.credit_post(**{**c.__dict__, "source": c.source + ":single"})[0] for c in given]

    def shape(line):
        return (
            line.kind,
            line.unit_price,
            line.subtotal,
            line.tax,
            line.total,
            line.currency,
            line.charged_at,
            line.invoice_id,
            line.customer_country,
        )

    assert sorted(shape(line) for line in batch) == sorted(shape(line) for line in singles)
    assert sorted((line.currency, line.subtotal, line.tax, line.total) for line in batch) == [
        ("AUD", Decimal("-100.00"), Decimal("-10.00"), Decimal("-110.00")),
        ("EUR", Decimal("-99.99"), Decimal("-22.00"), Decimal("-121.99")),
    ]
    amounts = [
        {item["key"]: item["value"] for item in record.customized_data}
        for record in AuditRecord.objects.filter(operation_type="create_credit")
    ]
    assert sorted((a["Source"].removesuffix(":single"), a["Amount"], a["Currency"]) for a in amounts) == [
        ("test:credit:1", "-121.99", "EUR"),
        ("test:credit:1", "-121.99", "EUR"),
        ("test:credit:2", "-110.00", "AUD"),
        ("test:credit:2", "-110.00", "AUD"),
    ]


def test_a_rerun_credits_each_source_once(frozen_a, customer_a):
    given = [credit(customer_a, n) for n in range(5)]

    assert len(services.credits_post(partner=frozen_a, credits=given)) == 5
    assert services.credits_post(partner=frozen_a, credits=given) == []
    assert services.credits_post(partner=frozen_a, credits=[*given[:2], credit(customer_a, 9)])[0].source == (
        "test:credit:9"
    )

    assert InvoiceLine.objects.filter(kind=LineKind.CREDIT).count() == 6
    assert AuditRecord.objects.filter(operation_type="create_credit").count() == 6


def test_a_credit_dated_after_a_month_end_lands_on_the_next_invoice(frozen_a, customer_a):
    frozen_a.clock_frozen_at = datetime(2030, 2, 1, 0, 5, tzinfo=UTC)
    frozen_a.save(update_fields=["clock_frozen_at"])
    january_credit = credit(customer_a, 1, at=datetime(2030, 1, 31, 23, 0, tzinfo=UTC))
    february_credit = credit(customer_a, 2, at=frozen_a.clock_frozen_at)

    january_line, february_line = services.credits_post(partner=frozen_a, credits=[february_credit, january_credit])

    january = Invoice.objects.get(partner=frozen_a, billing_period_start=datetime(2030, 1, 1, tzinfo=UTC))
    assert january.status == InvoiceStatus.ISSUED and january_line.invoice_id == january.pk
    assert february_line.invoice.billing_period_start == datetime(2030, 2, 1, tzinfo=UTC)
    assert february_line.invoice.status == InvoiceStatus.OPEN


def test_credits_beyond_the_charge_they_credit_are_refused_together(frozen_a, customer_a, charge):
    charged = charge(customer_a, "30.00", source="test:charge:x")
    halves = [credit(customer_a, n, amount="20.00", credits_source=charged.source) for n in (1, 2)]

    with pytest.raises(services.BillingError, match="exceeds what is left"):
        services.credits_post(partner=frozen_a, credits=halves)
    assert not InvoiceLine.objects.filter(kind=LineKind.CREDIT).exists()
    assert len(services.credits_post(partner=frozen_a, credits=halves[:1])) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "positive Decimal"),
        ({"amount": "0.001"}, "rounds to zero"),
        ({"charge_type": "new"}, "not a credit type"),
        ({"quantity": 0}, "at least 1"),
        ({"at": datetime(2031, 1, 1, tzinfo=UTC)}, "after the partner's current time"),
    ],
)
def test_bad_credits_are_refused_before_anything_is_written(frozen_a, customer_a, overrides, message):
    with pytest.raises(services.BillingError, match=message):
        services.credits_post(partner=frozen_a, credits=[credit(customer_a, 1), credit(customer_a, 2, **overrides)])
    assert not InvoiceLine.objects.filter(kind=LineKind.CREDIT).exists()


def test_a_credit_for_another_partners_customer_is_refused(frozen_a, customer_b):
    with pytest.raises(services.BillingError, match="customer of the partner"):
        services.credits_post(
            partner=frozen_a, credits=[credit(customer_b, 1, at=frozen_a.clock_frozen_at - timedelta(1))]
        )
