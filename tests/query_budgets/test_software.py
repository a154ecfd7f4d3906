"""Software: the Software tab, the customer's own list, the activity log (page and CSV) and
GET /v1/customers/{id}/entitlements cost the same queries at 10 and 500 rows."""

from datetime import timedelta

from django.urls import reverse

from partnercenter import clock
from tests.factories import CustomerUserFactory
from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import audit_records, software_purchases_like


def test_software_tab(client_as, admin_agent_a, customer_a, buy):
    purchase = buy(customer_a)
    software_purchases_like(purchase, SMALL - 1)
    client = client_as(admin_agent_a)

    def lists_every_purchase(response, rows):
        assert response.content.decode().count("<tr data-purchase=") == rows

    assert_budget(
        lambda: client.get(reverse("software:customer_software", args=[customer_a.tenant_id])),
        grow=lambda: software_purchases_like(purchase, LARGE - SMALL),
        queries=6,
        check=lists_every_purchase,
    )


def test_customer_own_software_list(client_as, customer_a, buy):
    purchase = buy(customer_a)
    software_purchases_like(purchase, SMALL - 1)
    client = client_as(CustomerUserFactory(customer=customer_a))

    def lists_every_purchase(response, rows):
        assert response.content.decode().count(purchase.product_title) >= rows

    assert_budget(
        lambda: client.get(reverse("my:software")),
        grow=lambda: software_purchases_like(purchase, LARGE - SMALL),
        queries=4,
        check=lists_every_purchase,
    )


def _activity(partner, count, customer=None):
    at = clock.now(partner) - timedelta(hours=1)
    audit_records(partner, count, operation_type="get_software_key", at=at, customer=customer)


def test_activity_log_page(client_as, global_admin_a, partner_a, partner_b, customer_a, frozen):
    _activity(partner_a, SMALL, customer_a)
    _activity(partner_b, 3)
    client = client_as(global_admin_a)

    def shows_a_page(response, rows):
        assert response.content.decode().count("Viewed product key") == min(rows, 50)

    assert_budget(
        lambda: client.get("/activity-log/"),
        grow=lambda: _activity(partner_a, LARGE - SMALL, customer_a),
        queries=6,
        check=shows_a_page,
    )


def test_activity_log_csv(client_as, global_admin_a, partner_a, partner_b, customer_a, frozen):
    _activity(partner_a, SMALL, customer_a)
    _activity(partner_b, 3)
    client = client_as(global_admin_a)

    def exports_every_row(response, rows):
        assert response.content.decode().count("Viewed product key") == rows

    assert_budget(
        lambda: client.get("/activity-log/export.csv"),
        grow=lambda: _activity(partner_a, LARGE - SMALL, customer_a),
        queries=5,
        check=exports_every_row,
    )


def test_entitlements_endpoint(api_as, admin_agent_a, customer_a, buy):
    purchase = buy(customer_a)
    software_purchases_like(purchase, SMALL - 1)
    api = api_as(admin_agent_a)

    def lists_a_page(response, rows):
        assert response.json()["totalCount"] == min(rows, 100)

    assert_budget(
        lambda: api.get(f"/v1/customers/{customer_a.tenant_id}/entitlements"),
        grow=lambda: software_purchases_like(purchase, LARGE - SMALL),
        queries=4,
        check=lists_a_page,
    )
