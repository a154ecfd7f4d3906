"""Property: whatever the basket, the invoice total is exactly the sum of its rounded line totals."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import selectors, services
from billing.models import InvoiceLine
from billing.serializers import InvoiceSerializer
from commerce.tax import TAX_RULES, tax_split
from partnercenter.money import quantum
from tests.factories import CustomerFactory

MARKETS = sorted(TAX_RULES)
CURRENCIES = ["EUR", "USD", "JPY", "KWD"]
prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999.9999"), places=4)
lines = st.tuples(st.sampled_from(MARKETS), prices, st.integers(min_value=1, max_value=500), st.booleans())


@settings(max_examples=500, deadline=None)
@given(currency=st.sampled_from(CURRENCIES), basket=st.lists(lines, min_size=1, max_size=30))
def test_every_split_is_rounded_and_adds_up(currency, basket):
    splits = [
        tax_split(amount=price * quantity, market=market, currency=currency) for market, price, quantity, _ in basket
    ]

    for split in splits:
        assert split.total == split.subtotal + split.tax
        for part in (split.subtotal, split.tax, split.total):
            assert part == part.quantize(quantum(currency))
            assert part >= 0
    invoice_total = sum((s.total for s in splits), Decimal(0))
    assert invoice_total == sum((s.subtotal for s in splits), Decimal(0)) + sum((s.tax for s in splits), Decimal(0))


def expected_split(*, market: str, amount: Decimal, currency: str) -> tuple[Decimal, Decimal, Decimal]:
    """The oracle, written out independently of commerce.tax and partnercenter.money: half up, once per part."""

    def rounded(value: Decimal) -> Decimal:
        return value.quantize(quantum(currency), rounding=ROUND_HALF_UP)

    rule = TAX_RULES[market]
    gross = rounded(amount)
    if rule.inclusive:
        subtotal = rounded(gross / (1 + rule.rate))
        return subtotal, gross - subtotal, gross
    tax = rounded(gross * rule.rate)
    return gross, tax, gross + tax


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(currency=st.sampled_from(CURRENCIES), basket=st.lists(lines, min_size=1, max_size=12))
def test_the_stored_invoice_total_equals_the_sum_of_its_rounded_lines(frozen_a, currency, basket):
    """Through charge_post/credit_post, the database and the selector the pages and the API read totals from."""
    customers, expected = {}, []
    # Each example runs in a savepoint that is rolled back, so examples never see each other's lines.
    with transaction.atomic():
        for number, (market, price, quantity, is_credit) in enumerate(basket):
            if market not in customers:
                customers[market] = CustomerFactory(partner=frozen_a, market=market, state="XX")
            common = {
                "customer": customers[market],
                "source": f"property:{number}",
                "order_id": f"ORDER{number}",
                "product_name": "Product",
                "sku_name": "SKU",
                "quantity": quantity,
                "currency": currency,
            }
            amount = price * quantity
            if is_credit and amount >= quantum(currency):
                services.credit_post(amount=amount, credited_at=frozen_a.clock_frozen_at, **common)
                expected.append(
                    ("credit", *(-part for part in expected_split(market=market, amount=amount, currency=currency)))
                )
            else:
                services.charge_post(unit_price=price, charged_at=frozen_a.clock_frozen_at, **common)
                expected.append(("charge", *expected_split(market=market, amount=amount, currency=currency)))

        stored = sorted(InvoiceLine.objects.all(), key=lambda line: int(line.source.split(":")[1]))
        assert [(line.kind, line.subtotal, line.tax, line.total) for line in stored] == expected
        invoice = selectors.invoice_get(partner=frozen_a, pk=stored[0].invoice_id)
        assert {line.invoice_id for line in stored} == {invoice.pk}
        assert invoice.total_amount == sum((total for *_, total in expected), Decimal(0))
        assert invoice.total_tax == sum((tax for _, _, tax, _ in expected), Decimal(0))
        assert invoice.total_charges == sum((sub for kind, sub, _, _ in expected if kind == "charge"), Decimal(0))
        assert invoice.total_credits == sum((sub for kind, sub, _, _ in expected if kind == "credit"), Decimal(0))
        shown = InvoiceSerializer(invoice).data
        assert Decimal(shown["totalCharges"]) == invoice.total_amount
        assert shown["totalCharges"] == str(invoice.total_amount.quantize(quantum(currency)))
        transaction.set_rollback(True)
