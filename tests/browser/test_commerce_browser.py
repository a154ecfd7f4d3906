"""Add products in a real browser: from the customer page to an order of two lines in Order history."""

import pytest
from playwright.sync_api import expect

from commerce.models import Order
from tests.factories import CustomerFactory

pytestmark = pytest.mark.browser


def test_add_products_then_see_the_order_in_order_history(
    page, live_server, sign_in, admin_agent_a, customer_a, catalog
):
    sign_in(page, admin_agent_a)
    page.goto(f"{live_server.url}/customers/{customer_a.tenant_id}/")
    page.get_by_role("link", name="Add products").click()

    expect(page.get_by_role("heading", name="Add products")).to_be_visible()
    expect(page.locator("#tax-rule")).to_have_text("Prices are in EUR and exclude tax (22% is added on the invoice).")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_role("alert")).to_have_text("Enter a quantity for at least one product.")

    page.get_by_label("SQL Server 2022 Enterprise - 2 Core License Pack - 3 year", exact=True).fill("2")
    page.get_by_label("Windows Server 2022 CAL - 1 User CAL", exact=True).fill("5")
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get(customer=customer_a)
    expect(page.locator(".alert-success")).to_have_text(f"Order {order.order_id} was placed for Alpha Srl.")
    expect(page.get_by_role("link", name="Order history")).to_have_class("active")
    rows = page.locator(f'tbody[data-order-id="{order.order_id}"] tr')
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("SQL Server 2022 Enterprise - 2 Core License Pack - 3 year")
    expect(rows.nth(0)).to_contain_text("€25,775.88")  # 2 × 12,887.94
    expect(rows.nth(0)).to_contain_text("Completed")
    expect(rows.nth(1)).to_contain_text("Windows Server 2022 CAL - 1 User CAL")
    expect(rows.nth(1)).to_contain_text("€241.80")  # 5 × 48.36


def test_a_customer_in_an_unavailable_market_sees_why_it_cannot_buy(
    page, live_server, sign_in, admin_agent_a, partner_a
):
    customer = CustomerFactory(partner=partner_a, company_name="Titano Servizi", market="SM", state="")
    sign_in(page, admin_agent_a)
    page.goto(f"{live_server.url}/customers/{customer.tenant_id}/")
    page.get_by_role("link", name="Add products").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Software subscriptions and Azure reservations are not available in San Marino (SM)."
    )
    expect(page.get_by_role("button", name="Place order")).to_have_count(0)
