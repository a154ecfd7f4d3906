"""Property: whatever the basket, the invoice total is exactly the sum of its rounded line totals."""

from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import selectors, services
from billing.models import InvoiceLine
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(basket=st.lists(lines, min_size=1, max_size=12))
def test_the_stored_invoice_total_equals_the_sum_of_its_lines(frozen_a, basket):
    customers = {}
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
                "currency": "EUR",
            }
            if is_credit and price * quantity >= Decimal("0.01"):
                services.credit_post(amount=price * quantity, credited_at=frozen_a.clock_frozen_at, **common)
            else:
                services.charge_post(unit_price=price, charged_at=frozen_a.clock_frozen_at, **common)

        stored = list(InvoiceLine.objects.all())
        invoice = selectors.invoice_get(partner=frozen_a, pk=stored[0].invoice_id)
        assert {line.invoice_id for line in stored} == {invoice.pk}
        assert invoice.total_amount == sum((line.total for line in stored), Decimal(0))
        assert invoice.total_amount == invoice.total_charges + invoice.total_credits + invoice.total_tax
        transaction.set_rollback(True)
