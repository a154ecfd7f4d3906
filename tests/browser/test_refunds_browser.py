"""Refund a reservation in a real browser: from its Overview, Refund opens the quote; see the amounts and the cap,
return it (current profile), then find the credit on the invoice after the month closes."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from billing.models import InvoiceLine, LineKind
from simulation.services import clock_advance

# The refund fixtures (reservations bought at chosen prices, frozen clock, the current profile) replace the
# software `buy` of the shared plugins in this module.
from tests.refunds.conftest import buy, current_profile, frozen, reference_data  # noqa: F401

pytestmark = pytest.mark.browser


def test_from_the_overview_quote_return_and_find_the_credit_on_the_invoice(
    page,
    live_server,
    sign_in,
    admin_agent_a,
    customer_a,
    partner_a,
    buy,  # noqa: F811 - the refund fixture imported above
    current_profile,  # noqa: F811
):
    reservation = buy(customer_a, price="3650.00")
    sign_in(page, admin_agent_a)

    # The reservation's Overview: Refund opens the quote page.
    page.goto(f"{live_server.url}/reservations/customers/{customer_a.tenant_id}/{reservation.reservation_id}/")
    page.locator("#refund-actions").get_by_role("link", name="Refund").click()
    expect(page.get_by_role("heading", name=f"Refund {reservation.display_name}")).to_be_visible()
    expect(page.locator("[data-cap-left]")).to_have_text("$50,000.00")

    page.get_by_label("Quantity to return").fill("1")
    page.get_by_role("button", name="Calculate refund").click()
    quote = page.locator("#refund-quote")
    expect(quote.locator("[data-days-left]")).to_have_text("365")
    expect(quote.locator("[data-fee]")).to_have_text("€0.00 (0%)")
    expect(quote.locator("[data-amount]")).to_contain_text("€3,650.00")
    expect(quote.locator("[data-amount]")).to_contain_text("$4,270.50")
    expect(quote.locator("[data-quote-cap-used]")).to_have_text("$0.00 / $50,000.00")
    expect(quote.locator("[data-quote-cap-left]")).to_have_text("$50,000.00")

    page.get_by_label("Reason").select_option("NoLongerNeeded")
    page.get_by_role("button", name="Return").click()
    expect(page.get_by_role("status")).to_contain_text("Returned 1: €3,650.00 will be credited on the next invoice")
    expect(page.locator("[data-cap-used]")).to_have_text("$4,270.50")
    expect(page.locator("[data-cap-left]")).to_have_text("$45,729.50")

    # Past the month end the invoice is issued; Billing lists it and its page shows the credit.
    clock_advance(partner=partner_a, by=timedelta(days=25))
    credit = InvoiceLine.objects.select_related("invoice").get(kind=LineKind.CREDIT, customer=customer_a)
    assert credit.invoice.number
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    row = page.locator("tr", has_text=credit.invoice.number)
    expect(row).to_contain_text("€3,650.00")
    row.get_by_role("link").click()
    expect(page.locator("tr", has_text="refund")).to_contain_text("-€3,650.00")
