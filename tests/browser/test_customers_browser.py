"""A partner user in a real browser: sign in, find a customer, open it, switch to Italian."""

import pytest
from playwright.sync_api import expect

from tests.factories import CustomerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def some_customers(partner_a, customer_a):
    CustomerFactory(partner=partner_a, company_name="Lone Star LLC", domain="lonestar.onmicrosoft.com")
    CustomerFactory(partner=partner_a, company_name="Harbour Pty", market="AU", state="NSW")
    return customer_a


def test_sign_in_search_open_customer_and_switch_to_italian(page, live_server, sign_in, admin_agent_a, some_customers):
    sign_in(page, admin_agent_a)

    # Signing in lands on the Customers list.
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    expect(page.get_by_role("link", name="Alpha Srl")).to_be_visible()
    expect(page.get_by_text("3 customers")).to_be_visible()

    page.get_by_label("Search").fill("alpha")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("1 customer", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Lone Star LLC")).to_have_count(0)

    page.get_by_role("link", name="Alpha Srl").click()
    expect(page.get_by_role("heading", name="Alpha Srl")).to_be_visible()
    expect(page.get_by_text("alpha.onmicrosoft.com")).to_be_visible()
    expect(page.get_by_text("Company profile")).to_be_visible()
    assert page.url.endswith(f"/customers/{some_customers.tenant_id}/")

    page.get_by_label("Language").select_option("it")
    expect(page.get_by_text("Profilo della società")).to_be_visible()
    expect(page.get_by_text("Profilo di fatturazione")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "it")
    assert page.url.endswith(f"/customers/{some_customers.tenant_id}/")

    page.get_by_role("link", name="Clienti").first.click()
    expect(page.get_by_role("heading", name="Clienti")).to_be_visible()
    expect(page.get_by_role("link", name="Aggiungi cliente")).to_be_visible()


def test_pages_are_styled_by_the_portal_stylesheet(page, live_server):
    response = page.goto(f"{live_server.url}/login/")
    assert response.status == 200

    stylesheet = page.locator('link[rel="stylesheet"]').get_attribute("href")
    css = page.request.get(f"{live_server.url}{stylesheet}")
    assert css.status == 200
    assert "text/css" in css.headers["content-type"]
    # The stylesheet is applied: the top bar is not the browser's default transparent block.
    background = page.locator("header.topbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("", "rgba(0, 0, 0, 0)", "transparent")


def test_wrong_password_stays_on_sign_in_with_an_error(page, live_server, admin_agent_a):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(admin_agent_a.username)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    assert "/login/" in page.url


def test_helpdesk_agent_sees_no_add_button(page, sign_in, helpdesk_agent_a, customer_a):
    sign_in(page, helpdesk_agent_a)

    expect(page.get_by_role("link", name="Alpha Srl")).to_be_visible()
    expect(page.get_by_role("link", name="Add customer")).to_have_count(0)


def test_narrow_screen_keeps_the_menu_and_does_not_scroll_sideways(page, sign_in, admin_agent_a, some_customers):
    page.set_viewport_size({"width": 400, "height": 800})
    sign_in(page, admin_agent_a)

    for path in ("/customers/", f"/customers/{some_customers.tenant_id}/", "/customers/add/"):
        page.goto(path)
        expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers")).to_be_visible()
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 400, f"{path} is {page_width}px wide"
