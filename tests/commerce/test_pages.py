"""Add products, Order history and order detail pages: prices, tax wording, errors, rights, tenancy."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from commerce import services
from commerce.models import LineStatus, Order
from partnercenter import clock
from tests.commerce.test_services import SQL_ENT_3Y, WS_STD_PERPETUAL
from tests.factories import CustomerFactory

SQL_ENT_3Y_FIELD = "qty_DG7GMGF0DWMS"


def add_url(customer):
    return reverse("commerce:order_add", args=[customer.tenant_id])


def history_url(customer):
    return reverse("commerce:order_history", args=[customer.tenant_id])


def detail_url(order):
    return reverse("commerce:order_detail", args=[order.customer.tenant_id, order.order_id])


def test_customer_page_offers_add_products_to_buyers_only(client_as, customer_a, admin_agent_a, helpdesk_agent_a):
    page = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer_a.tenant_id]))
    assert add_url(customer_a) in page.content.decode()
    assert "Order history" in page.content.decode()
    page = client_as(helpdesk_agent_a).get(reverse("customers:detail", args=[customer_a.tenant_id]))
    assert add_url(customer_a) not in page.content.decode()


def test_add_products_lists_prices_in_market_currency_with_tax_excluded(catalog, client_as, customer_a, admin_agent_a):
    page = client_as(admin_agent_a).get(add_url(customer_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Prices are in EUR and exclude tax (22% is added on the invoice)." in text
    assert "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year" in text
    assert "€12,887.94" in text
    assert "SUSE Linux Enterprise Server Standard - 1-2 vCPU VM - 3 year" in text
    assert "Software plan" in text


@pytest.mark.parametrize(
    ("market", "state", "wording", "price"),
    [
        ("AU", "NSW", "Prices are in AUD and include tax (10%).", "A$23,281.44"),
        ("BR", "SP", "Prices are in BRL and include tax (17%).", "R$87,305.40"),
        ("US", "WA", "Prices are in USD and exclude tax.", "$13,858.00"),
        ("JP", "", "Prices are in JPY and exclude tax (10% is added on the invoice).", "¥2,078,700"),
    ],
)
def test_tax_rule_is_stated_per_market(catalog, client_as, partner_a, admin_agent_a, market, state, wording, price):
    customer = CustomerFactory(partner=partner_a, market=market, state=state)
    text = client_as(admin_agent_a).get(add_url(customer)).content.decode()
    assert wording in text
    assert price in text  # SQL Server Enterprise 3-year


def test_placing_an_order_redirects_to_history_with_amounts(
    catalog, client_as, customer_a, admin_agent_a, software_handler
):
    client = client_as(admin_agent_a)
    response = client.post(add_url(customer_a), {SQL_ENT_3Y_FIELD: "2", "qty_" + WS_STD_PERPETUAL[-12:]: "1"})
    assert response.status_code == 302
    assert response.url == history_url(customer_a)
    order = Order.objects.get(customer=customer_a)
    assert [(line.offer_id, line.quantity) for line in order.lines.all()] == [(SQL_ENT_3Y, 2), (WS_STD_PERPETUAL, 1)]
    page = client.get(response.url)
    text = page.content.decode()
    assert f"Order {order.order_id} was placed for Alpha Srl." in text
    assert order.order_id in text
    assert "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year" in text
    # (25,775.88 + 124.28) + 22% VAT line by line: 31,446.57 + 151.62
    assert "€31,598.19" in text
    assert "Completed" in text
    assert software_handler.fulfilled == [(order.order_id, [0, 1], admin_agent_a)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter a quantity for at least one product."),
        ({SQL_ENT_3Y_FIELD: "0"}, "Enter a quantity for at least one product."),
        ({SQL_ENT_3Y_FIELD: "-1"}, "Ensure this value is greater than or equal to 0."),
        ({SQL_ENT_3Y_FIELD: "1001"}, "Ensure this value is less than or equal to 1000."),
        ({SQL_ENT_3Y_FIELD: "two"}, "Enter a whole number."),
    ],
)
def test_bad_quantities_are_form_errors(catalog, client_as, customer_a, admin_agent_a, software_handler, data, message):
    response = client_as(admin_agent_a).post(add_url(customer_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    summary = "Some quantities are not valid: see the products marked below."
    assert (summary in response.content.decode()) == (message != "Enter a quantity for at least one product.")
    assert not Order.objects.exists()


def test_unavailable_market_shows_a_message_and_no_form(catalog, client_as, partner_a, admin_agent_a, software_handler):
    customer = CustomerFactory(partner=partner_a, market="SM", state="")
    client = client_as(admin_agent_a)
    page = client.get(add_url(customer))
    text = page.content.decode()
    assert page.status_code == 200
    assert "not available in San Marino (SM)" in text
    assert "Place order" not in text
    response = client.post(add_url(customer), {SQL_ENT_3Y_FIELD: "1"})
    assert response.status_code == 400
    assert not Order.objects.exists()


@pytest.mark.parametrize("role", [Role.HELPDESK_AGENT, Role.SALES_AGENT, Role.BILLING_ADMIN, Role.REFERRAL_ADMIN])
def test_roles_without_buy_capability_get_403(catalog, client_as, make_user, customer_a, software_handler, role):
    client = client_as(make_user(role))
    assert client.get(add_url(customer_a)).status_code == 403
    assert client.post(add_url(customer_a), {SQL_ENT_3Y_FIELD: "1"}).status_code == 403
    assert not Order.objects.exists()


@pytest.fixture
def order_a(catalog, customer_a, admin_agent_a, software_handler):
    return services.order_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 2}, {"offer_id": WS_STD_PERPETUAL, "quantity": 3}],
    )


def test_order_detail_shows_lines_totals_and_cancelled_quantity(client_as, order_a, admin_agent_a):
    line = order_a.lines.get(line_number=1)
    line.status = LineStatus.CANCELLED
    line.save(update_fields=["status"])
    page = client_as(admin_agent_a).get(detail_url(order_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert order_a.alternate_id in text
    assert WS_STD_PERPETUAL in text
    assert "€25,775.88" in text  # 2 × 12,887.94
    assert "€372.84" in text  # 3 × 124.28
    subtotal, tax = Decimal("26148.72"), Decimal("5670.69") + Decimal("82.02")
    assert f"€{subtotal:,}" in text
    assert f"€{tax:,}" in text
    assert f"€{subtotal + tax:,}" in text
    rows = text.split('id="order-lines"')[1]
    assert '<td class="num">0</td>' in rows  # the cancelled line shows quantity 0
    assert "Cancelled" in rows


def test_pages_of_another_partners_customer_are_404(client_as, order_a, admin_agent_b, customer_a):
    client = client_as(admin_agent_b)
    assert client.get(history_url(customer_a)).status_code == 404
    assert client.get(detail_url(order_a)).status_code == 404
    assert client.get(add_url(customer_a)).status_code == 404


def test_order_of_another_customer_is_404(client_as, order_a, partner_a, admin_agent_a):
    other = CustomerFactory(partner=partner_a)
    url = reverse("commerce:order_detail", args=[other.tenant_id, order_a.order_id])
    assert client_as(admin_agent_a).get(url).status_code == 404
    assert order_a.order_id not in client_as(admin_agent_a).get(history_url(other)).content.decode()


def test_unknown_order_id_is_404(client_as, customer_a, admin_agent_a):
    url = reverse("commerce:order_detail", args=[customer_a.tenant_id, "x" * 33])
    assert client_as(admin_agent_a).get(url).status_code == 404


def test_order_history_query_budget(
    catalog, client_as, customer_a, admin_agent_a, software_handler, django_assert_max_num_queries
):
    clock.clock_freeze(partner=customer_a.partner)
    for quantity in range(1, 31):
        services.order_create(
            customer=customer_a,
            actor=None,
            line_items=[{"offer_id": SQL_ENT_3Y, "quantity": quantity}, {"offer_id": WS_STD_PERPETUAL, "quantity": 1}],
        )
    client = client_as(admin_agent_a)
    with django_assert_max_num_queries(10):
        page = client.get(history_url(customer_a))
    assert page.status_code == 200
    assert page.content.decode().count("<tbody data-order-id=") == 25
    assert "30 orders" in page.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get(history_url(customer_a) + "?page=2").status_code == 200


def test_tax_inclusive_market_shows_tax_inside_the_price(
    catalog, client_as, partner_a, admin_agent_a, software_handler
):
    customer = CustomerFactory(partner=partner_a, market="AU", state="NSW")
    order = services.order_create(customer=customer, actor=None, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 1}])
    client = client_as(admin_agent_a)
    assert "A$23,281.44" in client.get(history_url(customer)).content.decode()
    text = client.get(detail_url(order)).content.decode()
    assert '<td class="num" id="subtotal">A$21,164.95</td>' in text  # 23,281.44 / 1.10, half up
    assert '<td class="num" id="tax">A$2,116.49</td>' in text
    assert '<td class="num" id="total">A$23,281.44</td>' in text
    assert "Prices are in AUD and include tax (10%)." in text


SERVER_PRODUCTS = [
    "Windows Server 2022 Datacenter - 2 Core License Pack",
    "Windows Server 2022 Standard - 2 Core License Pack",
    "SQL Server 2022 Standard - 2 Core License Pack",
    "SQL Server 2022 Enterprise - 2 Core License Pack",
    "Windows Server 2022 CAL - 1 Device CAL",
    "Windows Server 2022 CAL - 1 User CAL",
]
SOFTWARE_PLANS = ["SUSE Linux Enterprise Server Standard - 1-2 vCPU VM", "Red Hat Enterprise Linux - 1-4 vCPU VM"]
# What issue 5 puts on sale: (SKU title, type, term) as the Add products page shows each row.
ON_SALE = {
    *(
        (product + suffix, kind, term)
        for product in SERVER_PRODUCTS
        for suffix, kind, term in [
            ("", "Perpetual licence", "Perpetual"),
            (" - 1 year", "Software subscription", "1 year"),
            (" - 3 year", "Software subscription", "3 years"),
        ]
    ),
    *(
        (plan + suffix, "Software plan", term)
        for plan in SOFTWARE_PLANS
        for suffix, term in [(" - 1 year", "1 year"), (" - 3 year", "3 years")]
    ),
}
OFFER_ROW = re.compile(
    r'<label for="id_qty_\w+">(?P<title>[^<]+)</label>.*?</td>\s*<td>(?P<kind>[^<]+)</td>\s*<td>(?P<term>[^<]+)</td>'
    r'\s*<td class="num"[^>]*>(?P<price>[^<]+)</td>'
)


def test_add_products_offers_every_product_on_sale_with_a_price(catalog, client_as, customer_a, admin_agent_a):
    text = client_as(admin_agent_a).get(add_url(customer_a)).content.decode()
    rows = [match.groupdict() for match in OFFER_ROW.finditer(text)]
    assert {(row["title"], row["kind"], row["term"]) for row in rows} == ON_SALE
    assert len(rows) == len(ON_SALE) == 22
    assert all(row["price"].startswith("€") for row in rows)
    assert text.count('type="number" name="qty_') == 22


def test_add_products_query_budget(catalog, client_as, customer_a, admin_agent_a, django_assert_max_num_queries):
    client = client_as(admin_agent_a)
    with django_assert_max_num_queries(8):
        assert client.get(add_url(customer_a)).status_code == 200


def test_order_history_shows_date_lines_quantities_status_and_amount(
    client_as, catalog, customer_a, partner_a, admin_agent_a, software_handler
):
    partner_a.clock_frozen_at = datetime(2030, 1, 10, 9, 0, tzinfo=UTC)
    partner_a.save(update_fields=["clock_frozen_at"])
    order = services.order_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 2}, {"offer_id": WS_STD_PERPETUAL, "quantity": 3}],
    )
    text = client_as(admin_agent_a).get(history_url(customer_a)).content.decode()
    first, second = history_rows(text, order)
    assert first[:2] == [order.order_id, "Jan. 10, 2030, 9 a.m."]
    assert first[2:5] == ["SQL Server 2022 Enterprise - 2 Core License Pack - 3 year", "2", "€25,775.88"]
    assert first[5:] == ["Completed", "€31,901.43"]  # (25,775.88 + 372.84) + 22% line by line: 31,446.57 + 454.86
    assert second == ["Windows Server 2022 Standard - 2 Core License Pack", "3", "€372.84"]


def test_order_history_shows_a_cancelled_line_with_quantity_0(client_as, order_a, admin_agent_a, customer_a):
    line = order_a.lines.get(line_number=0)
    line.status = LineStatus.CANCELLED
    line.save(update_fields=["status"])
    text = client_as(admin_agent_a).get(history_url(customer_a)).content.decode()
    first, second = history_rows(text, order_a)
    assert first[2:5] == ["SQL Server 2022 Enterprise - 2 Core License Pack - 3 year Cancelled", "0", "€25,775.88"]
    assert first[5] == "Completed"  # one line of two cancelled
    assert second[1] == "3"


def history_rows(text: str, order) -> list[list[str]]:
    """The cells' text of each row of one order on the Order history page."""
    body = text.split(f'<tbody data-order-id="{order.order_id}">')[1].split("</tbody>")[0]
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
