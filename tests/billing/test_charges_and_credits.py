"""charge_post / credit_post: exact tax splits, once-only sources, and clear refusals."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from billing import services
from billing.models import InvoiceLine, LineKind
from partnercenter.models import AuditRecord
from tests.concurrency import run_concurrently
from tests.factories import CustomerFactory, PartnerFactory


@pytest.mark.parametrize(
    ("market_fixture", "currency", "price", "expected"),
    [
        # Tax-inclusive: the price is the total and the line shows the tax inside it.
        ("customer_au", "AUD", "110.00", ("100.00", "10.00", "110.00")),
        ("customer_br", "BRL", "117.00", ("100.00", "17.00", "117.00")),
        ("customer_au", "AUD", "99.99", ("90.90", "9.09", "99.99")),
        # Tax-exclusive: the price is the subtotal and tax is added on top.
        ("customer_a", "EUR", "100.00", ("100.00", "22.00", "122.00")),
        ("customer_a", "EUR", "99.99", ("99.99", "22.00", "121.99")),
    ],
)
def test_tax_inclusive_and_exclusive_markets(request, charge, market_fixture, currency, price, expected):
    customer = request.getfixturevalue(market_fixture)

    line = charge(customer, price, currency=currency, quantity=1)

    assert (line.subtotal, line.tax, line.total) == tuple(Decimal(x) for x in expected)
    assert line.currency == currency
    assert line.customer_country == str(customer.market)


def test_quantity_multiplies_before_the_single_rounding(charge, customer_a):
    line = charge(customer_a, "0.3333", quantity=3)

    assert (line.subtotal, line.tax, line.total) == (Decimal("1.00"), Decimal("0.22"), Decimal("1.22"))


def test_a_line_snapshots_the_customer(charge, customer_a):
    line = charge(customer_a, "1.00")
    customer_a.company_name = "Renamed Srl"
    customer_a.save(update_fields=["company_name"])

    line.refresh_from_db()
    assert (line.customer_name, line.customer_domain, line.customer_country) == ("Alpha Srl", customer_a.domain, "IT")


def test_the_same_charge_twice_is_one_line_and_a_different_one_is_refused(charge, customer_a):
    first = charge(customer_a, "10.00", source="order:9:line:1", order_id="ORDER9")
    again = charge(customer_a, "10.00", source="order:9:line:1", order_id="ORDER9")

    assert again.pk == first.pk
    with pytest.raises(services.BillingError, match="different details"):
        charge(customer_a, "11.00", source="order:9:line:1", order_id="ORDER9")
    assert InvoiceLine.objects.filter(source="order:9:line:1").count() == 1


def credit(customer, *, source="order:1:line:1:cancel", amount="10.00", at=None, **overrides):
    return services.credit_post(
        customer=customer,
        source=source,
        order_id=overrides.pop("order_id", "ORDER1"),
        product_name="Windows Server 2022 Standard",
        sku_name="16 core",
        quantity=overrides.pop("quantity", 1),
        amount=Decimal(amount),
        currency=overrides.pop("currency", "EUR"),
        credited_at=at or customer.partner.clock_frozen_at,
        **overrides,
    )


def test_a_second_credit_for_the_same_source_returns_the_first(customer_a):
    line, created = credit(customer_a)
    again, created_again = credit(customer_a, amount="999.00")

    assert created and not created_again
    assert again.pk == line.pk
    assert InvoiceLine.objects.filter(kind=LineKind.CREDIT).count() == 1
    assert AuditRecord.objects.filter(operation_type="create_credit").count() == 1


def test_a_tax_inclusive_credit_gives_back_the_tax_inside_it(customer_au):
    line, _ = credit(customer_au, amount="110.00", currency="AUD", quantity=2)

    assert (line.subtotal, line.tax, line.total) == (Decimal("-100"), Decimal("-10"), Decimal("-110"))
    assert line.unit_price == Decimal("-55")


def test_credits_for_a_charge_never_exceed_it(charge, customer_a):
    charge(customer_a, "30.00", source="order:2:line:1")

    credit(customer_a, source="order:2:line:1:part1", amount="20.00", credits_source="order:2:line:1")
    with pytest.raises(services.BillingError, match="exceeds"):
        credit(customer_a, source="order:2:line:1:part2", amount="10.01", credits_source="order:2:line:1")
    credit(customer_a, source="order:2:line:1:part2", amount="10.00", credits_source="order:2:line:1")
    with pytest.raises(services.BillingError, match="No charge"):
        credit(customer_a, source="order:3:cancel", credits_source="order:3:line:1")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "positive"),
        ({"amount": "-5"}, "positive"),
        ({"amount": "0.004"}, "rounds to zero"),
        ({"amount": "0.4", "currency": "JPY"}, "rounds to zero"),
        ({"charge_type": "new"}, "not a credit type"),
        ({"quantity": 0}, "quantity"),
        ({"source": ""}, "source"),
    ],
)
def test_bad_credits_are_refused(customer_a, overrides, message):
    with pytest.raises(services.BillingError, match=message):
        credit(customer_a, **overrides)
    assert not InvoiceLine.objects.exists()


def test_lines_cannot_be_dated_in_the_partners_future(charge, customer_a):
    future = customer_a.partner.clock_frozen_at + timedelta(seconds=1)

    with pytest.raises(services.BillingError, match="after the partner's current time"):
        charge(customer_a, "1.00", at=future)
    with pytest.raises(services.BillingError, match="after the partner's current time"):
        credit(customer_a, at=future)


def test_bad_charges_are_refused(charge, customer_a):
    with pytest.raises(services.BillingError, match="not a charge type"):
        charge(customer_a, "1.00", charge_type="refund")
    with pytest.raises(services.BillingError, match="non-negative Decimal"):
        charge(customer_a, "-1.00")
    with pytest.raises(services.BillingError, match="non-negative Decimal"):
        services.charge_post(
            customer=customer_a,
            source="x",
            order_id="O",
            product_name="P",
            sku_name="S",
            quantity=1,
            unit_price=1.5,
            currency="EUR",
            charged_at=customer_a.partner.clock_frozen_at,
        )


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_credits_for_one_source_make_one_line():
    partner = PartnerFactory(clock_frozen_at=datetime(2030, 3, 10, tzinfo=UTC))
    customer = CustomerFactory(partner=partner, market="IT", state="MI")
    results = run_concurrently(lambda: credit(customer, source="order:42:line:1:cancel", amount="50.00"), 16)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sorted(created for _, created in results) == [False] * 15 + [True]
    assert len({line.pk for line, _ in results}) == 1
    assert InvoiceLine.objects.filter(source="order:42:line:1:cancel").count() == 1
    assert AuditRecord.objects.filter(operation_type="create_credit").count() == 1
    line = InvoiceLine.objects.get()
    assert (line.subtotal, line.tax, line.total) == (Decimal("-50"), Decimal("-11"), Decimal("-61"))
