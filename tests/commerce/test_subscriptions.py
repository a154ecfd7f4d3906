"""GET /v1/customers/{id}/subscriptions: the Azure plan and the software subscriptions, from their owners'
sources (commerce.subscriptions); detail of either kind; tenancy; paging across the two sources."""

from datetime import timedelta

import pytest

from commerce.services import order_cancel
from simulation.services import clock_advance
from tests.api.response_schema import assert_matches_schema
from tests.api_personas import assert_error
from tests.factories import CustomerFactory
from tests.software_purchases import ONE_YEAR, PERPETUAL, RED_HAT, SQL_ENTERPRISE, THREE_YEARS, WS_DATACENTER

SUBSCRIPTIONS = "/v1/customers/{customer_tenant_id}/subscriptions"
SUBSCRIPTION = "/v1/customers/{customer_tenant_id}/subscriptions/{subscription_id}"


@pytest.fixture
def software(buy, customer_a):
    """A perpetual licence (not a subscription), a 1-year Windows Server subscription, a 3-year Red Hat plan."""
    buy(customer_a, WS_DATACENTER, PERPETUAL)
    return buy(customer_a, WS_DATACENTER, ONE_YEAR, quantity=4), buy(customer_a, RED_HAT, "0001")


def test_lists_the_azure_plan_then_the_software_subscriptions(app_api, customer_a, plan_a, software):
    windows, red_hat = software
    response = app_api.get(f"/v1/customers/{customer_a.tenant_id}/subscriptions")
    assert_matches_schema(response, "get", SUBSCRIPTIONS)
    body = response.json()
    assert body["totalCount"] == 3
    plan, first, second = body["items"]
    assert (plan["id"], plan["billingType"], plan["unitType"]) == (str(plan_a.subscription_id), "usage", "Usage-based")
    assert plan["links"]["azureEntitlements"]["uri"].endswith(f"/{plan_a.subscription_id}/azureEntitlements")
    assert first == {
        "id": str(windows.subscription_id),
        "offerId": windows.order_line.offer_id,
        "offerName": windows.order_line.friendly_name,
        "friendlyName": windows.order_line.friendly_name,
        "quantity": 4,
        "unitType": "Licenses",
        "creationDate": "2030-01-10T09:00:00Z",
        "effectiveStartDate": "2030-01-10T09:00:00Z",
        "commitmentEndDate": "2031-01-10T09:00:00Z",
        "status": "active",
        "autoRenewEnabled": False,
        "billingType": "license",
        "billingCycle": "one_time",
        "termDuration": "P1Y",
        "contractType": "subscription",
        "isTrial": False,
        "isMicrosoftProduct": True,
        "publisherName": "Microsoft Corporation",
        "orderId": windows.order_line.order.order_id,
        "links": {
            "self": {
                "uri": f"/customers/{customer_a.tenant_id}/subscriptions/{windows.subscription_id}",
                "method": "GET",
                "headers": [],
            }
        },
        "attributes": {"objectType": "Subscription"},
    }
    assert (second["id"], second["publisherName"], second["isMicrosoftProduct"]) == (
        str(red_hat.subscription_id),
        "Red Hat, Inc.",
        False,
    )


def test_detail_of_either_kind(app_api, customer_a, plan_a, software):
    windows, _red_hat = software
    base = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    listed = {item["id"]: item for item in app_api.get(base).json()["items"]}
    for subscription_id in (plan_a.subscription_id, windows.subscription_id):
        detail = app_api.get(f"{base}/{subscription_id}")
        assert_matches_schema(detail, "get", SUBSCRIPTION)
        assert detail.json() == listed[str(subscription_id)]
    assert app_api.get(f"{base}/{str(windows.subscription_id).upper()}").json()["id"] == str(windows.subscription_id)
    for unknown in ("not-a-subscription", "00000000-0000-0000-0000-000000000000"):
        assert_error(app_api.get(f"{base}/{unknown}"), 404)


def test_a_cancelled_software_subscription_is_deleted_with_quantity_zero(
    app_api, customer_a, partner_a, admin_agent_a, buy
):
    purchase = buy(customer_a, SQL_ENTERPRISE, THREE_YEARS, quantity=2)
    order_cancel(customer=customer_a, order_id=purchase.order_line.order.order_id, actor=admin_agent_a)
    url = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    assert [(i["status"], i["quantity"]) for i in app_api.get(url).json()["items"]] == [("active", 2)]
    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    [item] = app_api.get(url).json()["items"]
    assert (item["status"], item["quantity"], item["commitmentEndDate"]) == ("deleted", 0, "2033-01-10T09:00:00Z")


def test_another_partners_customer_is_404(app_api_b, customer_a, plan_a, software):
    windows, _red_hat = software
    base = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    assert_error(app_api_b.get(base), 404)
    assert_error(app_api_b.get(f"{base}/{windows.subscription_id}"), 404)
    assert_error(app_api_b.get(f"{base}/{plan_a.subscription_id}"), 404)


def test_another_customers_subscription_is_404(app_api, partner_a, customer_a, software):
    windows, _red_hat = software
    other = CustomerFactory(partner=partner_a, domain="other.onmicrosoft.com")
    assert_error(app_api.get(f"/v1/customers/{other.tenant_id}/subscriptions/{windows.subscription_id}"), 404)


def test_a_customer_without_subscriptions_has_an_empty_collection(app_api, customer_a, buy):
    buy(customer_a, WS_DATACENTER, PERPETUAL)
    response = app_api.get(f"/v1/customers/{customer_a.tenant_id}/subscriptions")
    assert_matches_schema(response, "get", SUBSCRIPTIONS)
    assert (response.json()["totalCount"], response.json()["items"]) == (0, [])
    assert "next" not in response.json()["links"]


def test_pages_run_across_the_two_sources(app_api, customer_a, plan_a, software):
    base = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    everything = [item["id"] for item in app_api.get(base).json()["items"]]
    seen, params, headers = [], {"size": 1}, {}
    while True:
        page = app_api.get(base, params, **headers)
        assert page.status_code == 200, page.content
        seen += [item["id"] for item in page.json()["items"]]
        following = page.json()["links"].get("next")
        if following is None:
            break
        headers = {"HTTP_MS_CONTINUATIONTOKEN": following["headers"][0]["value"]}
    assert seen == everything and len(seen) == 3
    assert_error(app_api.get(base, HTTP_MS_CONTINUATIONTOKEN="forged"), 400, 800002)


def test_list_queries_do_not_grow_with_subscriptions(app_api, customer_a, plan_a, buy, django_assert_max_num_queries):
    url = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    buy(customer_a, WS_DATACENTER, ONE_YEAR)
    with django_assert_max_num_queries(12) as few:
        app_api.get(url)
    for _ in range(5):
        buy(customer_a, RED_HAT, "0001")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert app_api.get(url).json()["totalCount"] == 7
