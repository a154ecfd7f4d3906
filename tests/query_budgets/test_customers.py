"""Customers: the customer list page and GET /v1/customers cost the same queries at 10 and 500 customers."""

from django.urls import reverse

from customers.models import Customer
from tests.factories import CustomerFactory
from tests.query_budgets.budget import LARGE, SMALL, assert_budget


def add_customers(partner, count: int) -> None:
    Customer.objects.bulk_create(CustomerFactory.build_batch(count, partner=partner))


def test_customer_list_page(client_as, admin_agent_a, partner_a, partner_b):
    add_customers(partner_a, SMALL)
    add_customers(partner_b, 3)
    client = client_as(admin_agent_a)

    def shows_the_count(response, rows):
        assert f"{rows} customers" in response.content.decode()

    assert_budget(
        lambda: client.get(reverse("customers:list")),
        grow=lambda: add_customers(partner_a, LARGE - SMALL),
        queries=6,
        check=shows_the_count,
    )


def test_customers_endpoint(app_api, partner_a, partner_b):
    add_customers(partner_a, SMALL)
    add_customers(partner_b, 3)

    def lists_a_page(response, rows):
        assert response.json()["totalCount"] == min(rows, 100)

    assert_budget(
        lambda: app_api.get("/v1/customers"),
        grow=lambda: add_customers(partner_a, LARGE - SMALL),
        queries=2,
        check=lists_a_page,
    )
