"""Support requests in a real browser: a reservation's refund quote → the three-step request → support staff
approve it in the admin → the credit on the invoice; and the software cancel dialog's link into a prefilled
"Report a problem"."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from billing.models import InvoiceLine, LineKind
from commerce.services import order_create
from simulation.services import clock_advance
from software.models import SoftwarePurchase
from support.models import Outcome, RequestKind, SupportRequest
from tests.factories import PASSWORD, UserFactory

# The refund fixtures (reservations bought at chosen prices, frozen clock; seed profile: refunds go through
# support) replace the software `buy` of the shared plugins in this module.
from tests.refunds.conftest import buy, frozen, reference_data  # noqa: F401
from tests.software_purchases import PERPETUAL, WS_DATACENTER, catalog_item

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def private_attachments(settings, tmp_path):
    settings.SUPPORT_ATTACHMENT_ROOT = tmp_path / "support-attachments"


def test_refund_through_support_then_the_credit_on_the_invoice(
    page,
    live_server,
    sign_in,
    admin_agent_a,
    customer_a,
    partner_a,
    buy,  # noqa: F811 - the refund fixture imported above
):
    reservation = buy(customer_a, price="3650.00")
    sign_in(page, admin_agent_a)
    page.goto(
        f"{live_server.url}/reservations/refunds/customers/{customer_a.tenant_id}/{reservation.reservation_id}/refund/"
    )
    page.get_by_label("Quantity to return").fill("1")
    page.get_by_role("button", name="Calculate refund").click()
    expect(page.locator("#refund-quote [data-amount]")).to_contain_text("€3,212.00")
    page.get_by_role("link", name="Request through support").click()

    # 1 Basics: Billing, the reservation's subscription, a summary naming the reservation.
    expect(page.locator("#step-heading")).to_have_text("1 Basics")
    expect(page.get_by_label("Summary")).to_have_value(f"Refund of reservation {reservation.display_name}")
    page.get_by_label("Summary").fill("")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-heading")).to_have_text("1 Basics")  # the browser or the server refuses it
    page.get_by_label("Summary").fill("Refund one unit")
    page.get_by_role("button", name="Next").click()

    # 2 Problem: Reservation management · Exchanges and refunds, with the quote and the refund limit.
    expect(page.locator("#step-heading")).to_have_text("2 Problem")
    facts = page.locator("#wizard-reservation")
    expect(facts.locator("[data-reservation-id]")).to_have_text(str(reservation.reservation_id))
    expect(facts.locator("[data-amount]")).to_have_text("€3,212.00")
    expect(facts.locator("[data-fee]")).to_have_text("€438.00")
    expect(facts.locator("[data-cap-left]")).to_have_text("$50,000.00")
    page.get_by_label("Severity").select_option("moderate")
    page.get_by_role("button", name="Next").click()

    # 3 Contact information; Previous and Next keep what was typed.
    expect(page.locator("#step-heading")).to_have_text("3 Contact information")
    page.get_by_role("button", name="Previous").click()
    expect(page.get_by_label("Severity")).to_have_value("moderate")
    page.get_by_role("button", name="Next").click()
    page.locator("#id_contact-contact_name").fill("Anna Rossi")
    page.get_by_role("radio", name="Phone").check()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Enter a phone number: you asked to be called.")).to_be_visible()
    page.get_by_role("textbox", name="Phone").fill("+39 02 1234567")
    page.get_by_role("button", name="Create").click()

    created = SupportRequest.objects.get()
    expect(page.get_by_role("status")).to_have_text(f"Support request {created.number} was created.")
    expect(page.locator("[data-request-number]")).to_have_text(created.number)
    assert (created.kind, created.quantity, created.title) == (RequestKind.RESERVATION_REFUND, 1, "Refund one unit")

    # Support staff (the operator's people, no partner) approve it in the admin: the refund engine runs.
    UserFactory(partner=None, username="support@simulator.example", is_staff=True)
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/support/supportrequest/{created.pk}/change/")
    page.get_by_label("Username").fill("support@simulator.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".messagelist")).to_contain_text(f"{created.number}: Closed, Approved.")
    created.refresh_from_db()
    assert (created.outcome, created.credited_amount) == (Outcome.APPROVED, Decimal("3212.00"))

    sign_in(page, admin_agent_a)
    page.goto(f"{live_server.url}/support/{created.number}/")
    expect(page.locator("[data-outcome]")).to_contain_text("Approved")
    expect(page.locator("[data-credited]")).to_contain_text("3,212.00")

    clock_advance(partner=partner_a, by=timedelta(days=25))  # past the month end: the invoice is issued
    credit = InvoiceLine.objects.get(kind=LineKind.CREDIT, customer=customer_a)
    page.goto(f"{live_server.url}/billing/invoices/{credit.invoice_id}/")
    expect(page.locator("tr", has_text="refund")).to_contain_text("-€3,212.00")


def test_the_cancel_dialog_links_to_a_prefilled_report(
    page,
    live_server,
    sign_in,
    admin_agent_a,
    customer_a,
    partner_a,
    catalog,
    frozen,  # noqa: F811 - the refund fixture imported above (the same frozen clock)
):
    order = order_create(
        customer=customer_a,
        actor=None,
        line_items=[{"catalog_item_id": catalog_item(WS_DATACENTER, PERPETUAL), "quantity": 1}],
    )
    purchase = SoftwarePurchase.objects.get(order_line__order=order)
    clock_advance(partner=partner_a, by=timedelta(days=31))
    sign_in(page, admin_agent_a)
    page.goto(f"{live_server.url}/software/customers/{customer_a.tenant_id}/")
    page.locator(f'tr[data-purchase="{purchase.pk}"]').get_by_role("link", name="Cancel").click()
    dialog = page.locator("#cancel-dialog")
    expect(dialog).to_contain_text("cancellation window for this order has closed")

    dialog.get_by_role("link", name="Customer support request").click()

    expect(page.get_by_role("heading", name="Report a problem with Partner Center")).to_be_visible()
    expect(page.get_by_label("Issue type")).to_have_value("software_cancellation")
    expect(page.get_by_label("Customer tenant ID or domain")).to_have_value(str(customer_a.tenant_id))
    expect(page.get_by_label("Order ID")).to_have_value(order.order_id)
    expect(page.get_by_label("Amount requested")).to_have_value(str(purchase.order_line.amount))
    page.get_by_label("Reason", exact=True).fill("The customer bought the wrong edition.")
    page.get_by_label("Phone").fill("+39 02 1234567")
    page.get_by_label("Add files").set_input_files(
        files=[{"name": "screenshot.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * 32}]
    )
    page.get_by_role("button", name="Submit").click()

    created = SupportRequest.objects.get()
    expect(page.get_by_role("status")).to_have_text(f"Support request {created.number} was submitted.")
    expect(page.get_by_role("link", name="screenshot.png")).to_be_visible()
    assert (created.kind, created.order_id) == (RequestKind.SOFTWARE_CANCELLATION, order.order_id)
