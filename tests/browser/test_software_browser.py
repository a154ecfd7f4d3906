"""Software tab in a real browser: get a key and copy it; cancel through the dialog, then see it take effect."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from simulation.services import clock_advance

pytestmark = pytest.mark.browser


def open_software_tab(page, live_server, customer):
    page.goto(f"{live_server.url}/software/customers/{customer.tenant_id}/")
    expect(page.get_by_role("heading", name=customer.company_name)).to_be_visible()


def test_get_a_key_and_copy_it(page, live_server, sign_in, admin_agent_a, customer_a, buy):
    purchase = buy(customer_a)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    sign_in(page, admin_agent_a)
    open_software_tab(page, live_server, customer_a)

    row = page.locator(f'tr[data-purchase="{purchase.pk}"]')
    row.get_by_label("Version").select_option("2019")
    row.get_by_label("Language").select_option("it-IT")
    row.get_by_role("button", name="Get keys and downloads").click()
    page.get_by_role("button", name="Get key").click()

    dialog = page.locator("#artifact-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Product key")).to_be_visible()
    key = dialog.locator("#artifact-value").inner_text()
    assert len(key) == 29 and key.count("-") == 4
    dialog.get_by_role("button", name="Copy").click()
    expect(dialog.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == key
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename == "SW_DVD9_Win_Server_2019_Datacenter_64Bit_Italian.iso.txt"


def test_cancel_through_the_dialog_then_see_it_after_the_delay(
    page,
    live_server,
    sign_in,
    admin_agent_a,
    partner_a,
    customer_a,
    buy,
):
    purchase = buy(customer_a)
    order_id = purchase.order_line.order.order_id
    sign_in(page, admin_agent_a)
    open_software_tab(page, live_server, customer_a)

    page.locator(f'tr[data-purchase="{purchase.pk}"]').get_by_role("link", name="Cancel").click()
    dialog = page.locator("#cancel-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Order ID")).to_have_value(str(purchase.pk))
    expect(dialog).to_contain_text("30 day(s) left to cancel this order")
    expect(dialog).to_contain_text("Important")
    dialog.get_by_label("I have read the Important notice").check()
    dialog.get_by_role("button", name="Submit").click()

    expect(page.get_by_role("status")).to_contain_text(f"Your cancellation of order {order_id}")
    row = page.locator(f'tr[data-purchase="{purchase.pk}"]')
    expect(row).to_contain_text("Active")

    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    page.reload()
    expect(row).to_contain_text("Cancelled")
    expect(row).to_contain_text("Activation key not available")


def test_the_cancel_dialog_serves_each_order_of_the_product_in_turn(
    page, live_server, sign_in, admin_agent_a, customer_a, buy
):
    first, second = buy(customer_a), buy(customer_a)
    sign_in(page, admin_agent_a)
    open_software_tab(page, live_server, customer_a)

    page.locator(f'tr[data-purchase="{first.pk}"]').get_by_role("link", name="Cancel").click()
    dialog = page.locator("#cancel-dialog")
    dialog.get_by_label("I have read the Important notice").check()
    dialog.get_by_role("button", name="Submit").click()

    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("status")).to_contain_text(f"order {first.order_line.order.order_id}")
    expect(dialog.get_by_label("Order ID")).to_have_value(str(second.pk))
    expect(dialog.get_by_label("I have read the Important notice")).not_to_be_checked()
    dialog.get_by_label("I have read the Important notice").check()
    dialog.get_by_role("button", name="Submit").click()
    expect(dialog.get_by_role("status")).to_contain_text(f"order {second.order_line.order.order_id}")


def test_the_activity_log_is_behind_the_gear_at_the_top_right(page, live_server, sign_in, global_admin_a):
    sign_in(page, global_admin_a)
    page.goto(f"{live_server.url}/customers/")
    menu_link = page.get_by_role("link", name="Activity log")
    expect(menu_link).to_be_hidden()

    gear = page.get_by_role("button", name="Settings")
    expect(gear).to_have_attribute("aria-expanded", "false")
    gear.click()
    expect(gear).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(menu_link).to_be_hidden()
    gear.click()
    menu_link.click()

    expect(page).to_have_url(f"{live_server.url}/activity-log/")
    expect(page.get_by_role("heading", name="Activity log")).to_be_visible()
