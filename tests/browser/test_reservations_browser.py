"""Azure reservations in a real browser: buy one from Add products (the Azure plan first), open it from Manage,
change its scope in Configuration, add a Reservations Reader in IAM, copy the ids from Properties."""

import pytest
from playwright.sync_api import expect

from reservations.models import AppliedScopeType, Reservation, ReservationRoleAssignment

pytestmark = pytest.mark.browser


def test_buy_manage_configure_share_and_copy_a_reservation(
    page, live_server, sign_in, admin_agent_a, helpdesk_agent_a, customer_a, catalog
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, admin_agent_a)
    page.goto(f"{live_server.url}/customers/{customer_a.tenant_id}/")

    # Add products → Azure reservations: the customer needs the Azure plan first.
    page.get_by_role("link", name="Add products").click()
    page.get_by_role("navigation", name="Add products").get_by_role("link", name="Azure reservations").click()
    expect(page.get_by_text("Alpha Srl has no Azure plan yet.")).to_be_visible()
    page.get_by_label("Name of the first Azure subscription").fill("Production")
    page.get_by_role("button", name="Buy the Azure plan").click()
    expect(page.locator(".alert-success")).to_contain_text("The Azure plan was bought for Alpha Srl")
    page.get_by_label("Subscription name").fill("Development")
    page.get_by_role("button", name="Add an Azure subscription").click()
    expect(page.locator(".alert-success")).to_contain_text("The Azure subscription Development was added")

    # Choose: picking a type reloads the SKUs (static JavaScript), then the rest of the form.
    page.get_by_label("Reservation type").select_option(label="Azure Cosmos DB")
    expect(page.get_by_label("SKU")).to_contain_text("100 RU/s")
    page.get_by_label("Reservation type").select_option(label="Virtual machines")
    expect(page.get_by_label("SKU")).to_contain_text("D2s v5")
    page.get_by_label("Region").select_option(label="EU West")
    page.get_by_label("SKU").select_option(value="Standard_D2s_v5")
    page.get_by_label("Term").select_option(label="1 year")
    page.get_by_label("Billing plan").select_option(label="Upfront")
    page.get_by_label("Quantity").fill("0")
    page.get_by_label("Shared: every Azure subscription of the customer").check()
    page.get_by_label("Reservation name").fill("Web farm")
    page.get_by_role("button", name="Review").click()
    expect(page.get_by_role("alert")).to_have_text("Ensure this value is greater than or equal to 1.")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Review").click()

    # Review: the price with the market's tax rule, nothing bought yet.
    expect(page.get_by_role("heading", name="Review the purchase")).to_be_visible()
    expect(page.locator("#subtotal")).to_have_text("€1,047.38")
    expect(page.locator("#tax")).to_have_text("€230.42")
    expect(page.locator("#total")).to_have_text("€1,277.80")
    expect(page.locator("#tax-rule")).to_have_text("Prices are in EUR and exclude tax (22% is added on the invoice).")
    assert not Reservation.objects.exists()
    page.get_by_role("button", name="Confirm purchase").click()
    reservation = Reservation.objects.select_related("order").get(customer=customer_a)
    expect(page.locator(".alert-success")).to_contain_text("Reservation Web farm was bought for Alpha Srl")

    # The Azure reservations tab lists it; Manage opens its page.
    page.get_by_role("link", name="Azure reservations", exact=True).first.click()
    row = page.locator(f'tr[data-reservation="{reservation.reservation_id}"]')
    expect(row).to_contain_text("Web farm")
    expect(row).to_contain_text("Shared")
    expect(row.get_by_role("link", name="Refund")).to_have_attribute(
        "href", f"/reservations/refunds/customers/{customer_a.tenant_id}/{reservation.reservation_id}/refund/"
    )
    row.get_by_role("link", name="Manage").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator("#essentials")).to_contain_text("Shared: every Azure subscription of the customer")

    # Configuration: a single subscription scope; first without the subscription (refused), then with it.
    page.get_by_role("navigation", name="Reservation sections").get_by_role("link", name="Configuration").click()
    page.get_by_label("Single subscription").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("Choose the subscription a single-subscription scope applies to.")
    page.get_by_label("Subscription", exact=True).select_option(label=f"Development ({_id(customer_a, 'Development')})")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_have_text("The configuration of Web farm was saved.")
    reservation.refresh_from_db()
    assert reservation.applied_scope_type == AppliedScopeType.SINGLE
    assert reservation.applied_subscription.friendly_name == "Development"

    # Access control (IAM): a helpdesk agent becomes a Reservations Reader.
    page.get_by_role("link", name="Access control (IAM)").click()
    page.get_by_role("combobox", name="Role").select_option(label="Reservations Reader")
    page.get_by_role("combobox", name="User").select_option(label=f"{helpdesk_agent_a.username} (partner)")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(f"{helpdesk_agent_a.username} now has the role")
    expect(page.locator("#assignments")).to_contain_text("Reservations Reader")
    assert ReservationRoleAssignment.objects.get(reservation=reservation).user == helpdesk_agent_a

    # Properties: copy both ids to the clipboard.
    page.get_by_role("link", name="Properties").click()
    page.get_by_role("button", name="Copy the reservation id").click()
    expect(page.locator("#reservation-id-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == str(reservation.reservation_id)
    page.get_by_role("button", name="Copy the reservation order id").click()
    expect(page.locator("#reservation-order-id-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == str(reservation.order.reservation_order_id)


def _id(customer, name) -> str:
    return str(customer.azure_subscriptions.get(friendly_name=name).subscription_id)
