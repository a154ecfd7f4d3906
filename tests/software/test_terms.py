"""A subscription's expiry is computed once, on the purchase: the API shows it and billing charges up to it."""

from datetime import UTC, datetime

from billing.models import InvoiceLine
from tests.software_purchases import SQL_ENTERPRISE, SUSE, T0


def test_a_one_year_subscription_expires_a_calendar_year_later_and_is_charged_up_to_then(buy, customer_a):
    purchase = buy(customer_a, product_id=SQL_ENTERPRISE, sku_id="0002")

    assert purchase.purchased_at == T0
    assert purchase.expires_at == datetime(2031, 1, 10, 9, 0, tzinfo=UTC)
    assert InvoiceLine.objects.get(kind="charge", customer=customer_a).charge_end == purchase.expires_at


def test_a_three_year_plan_expires_three_years_on_and_a_perpetual_licence_never(buy, customer_a):
    plan = buy(customer_a, product_id=SUSE, sku_id="0002")
    perpetual = buy(customer_a)

    assert plan.expires_at == datetime(2033, 1, 10, 9, 0, tzinfo=UTC)
    assert perpetual.expires_at is None
