"""Commerce: order history and order detail pages, GET /v1/customers/{id}/orders, at 10 and 500 rows;
the statements of one order and one cancellation through the API."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import clone, software_purchases_like
from tests.software_purchases import PERPETUAL, WS_DATACENTER, catalog_item


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


def test_an_order_and_its_cancellation_through_the_api(app_api, customer_a, catalog, frozen):
    """The writes bench/load.py drives: each statement is a round trip (savepoints included)."""
    orders = f"/v1/customers/{customer_a.tenant_id}/orders"
    body = {"lineItems": [{"offerId": catalog_item(WS_DATACENTER, PERPETUAL), "quantity": 1}]}
    app_api.post(orders, body, format="json", HTTP_MS_REQUESTID="warm-up")
    with CaptureQueriesContext(connection) as ordering:
        created = app_api.post(orders, body, format="json", HTTP_MS_REQUESTID="order")
    with CaptureQueriesContext(connection) as cancelling:
        cancelled = app_api.patch(
            f"{orders}/{created.json()['id']}", {"status": "cancelled"}, format="json", HTTP_MS_REQUESTID="cancel"
        )

    assert created.status_code == 201 and created.json()["status"] == "completed"
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    statements = [query["sql"] for query in ordering.captured_queries + cancelling.captured_queries]
    assert (len(ordering), len(cancelling)) == (18, 16), "\n".join(statements)
