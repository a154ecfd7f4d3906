"""Commerce: order history and order detail pages, GET /v1/customers/{id}/orders, at 10 and 500 rows."""

from django.urls import reverse

from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import clone, software_purchases_like


def test_order_history_page(client_as, admin_agent_a, customer_a, buy):
    purchase = buy(customer_a)
    software_purchases_like(purchase, SMALL - 1)
    client = client_as(admin_agent_a)

    def shows_the_count(response, rows):
        assert f"{rows} orders" in response.content.decode()

    assert_budget(
        lambda: client.get(reverse("commerce:order_history", args=[customer_a.tenant_id])),
        grow=lambda: software_purchases_like(purchase, LARGE - SMALL),
        queries=8,
        check=shows_the_count,
    )


def test_order_detail_page_with_many_lines(client_as, admin_agent_a, customer_a, buy):
    line = buy(customer_a).order_line
    clone(line, SMALL - 1, line_number=lambda i: i + 1)
    client = client_as(admin_agent_a)
    url = reverse("commerce:order_detail", args=[customer_a.tenant_id, line.order.order_id])

    def lists_every_line(response, rows):
        assert response.content.decode().count(line.friendly_name) >= rows

    assert_budget(
        lambda: client.get(url),
        grow=lambda: clone(line, LARGE - SMALL, line_number=lambda i: SMALL + i),
        queries=7,
        check=lists_every_line,
    )


def test_orders_endpoint(app_api, customer_a, buy):
    purchase = buy(customer_a)
    software_purchases_like(purchase, SMALL - 1)

    def lists_a_page(response, rows):
        assert response.json()["totalCount"] == min(rows, 100)

    assert_budget(
        lambda: app_api.get(f"/v1/customers/{customer_a.tenant_id}/orders"),
        grow=lambda: software_purchases_like(purchase, LARGE - SMALL),
        queries=4,
        check=lists_a_page,
    )
