"""Partner Center's API for the Azure plan and reservations: catalog, subscriptions, azureEntitlements,
orders and carts with provisioningContext, reservedInstance entitlements; tenant isolation and schema."""

from decimal import Decimal

import pytest

from accounts.models import Role
from billing.models import InvoiceLine
from reservations.models import AzureSubscription, Reservation, ReservationOrder
from tests.api.response_schema import assert_matches_schema
from tests.api_personas import assert_error
from tests.reservation_fixtures import reservation_item

SUBSCRIPTIONS = "/v1/customers/{customer_tenant_id}/subscriptions"
AZURE_ENTITLEMENTS = "/v1/customers/{customer_tenant_id}/subscriptions/{subscription_id}/azureEntitlements"


def test_catalog_by_target_view(catalog, app_api):
    reservations = app_api.get("/v1/products", {"country": "IT", "targetView": "AzureReservations"})
    assert_matches_schema(reservations, "get", "/v1/products")
    titles = [item["title"] for item in reservations.json()["items"]]
    assert "Reserved VM Instance, Dsv5 Series" in titles and "Azure Cosmos DB Reserved Capacity" in titles
    plan = app_api.get("/v1/products", {"country": "US", "targetView": "Azure"}).json()["items"]
    assert [(p["id"], p["productType"]["id"]) for p in plan] == [("DZH318Z0BPS6", "Azure")]
    skus = app_api.get("/v1/products/DZH318Z0BQ3Q/skus", {"country": "IT"})
    assert_matches_schema(skus, "get", "/v1/products/{product_id}/skus")
    first = skus.json()["items"][0]
    assert first["title"] == "Reserved VM Instance, Standard_D2s_v5, US East, 1 Year"
    assert first["supportedBillingCycles"] == ["one_time", "monthly"]
    assert first["provisioningVariables"] == ["Scope", "SubscriptionId", "Duration"]
    assert first["dynamicAttributes"]["armSkuName"] == "Standard_D2s_v5"
    assert first["dynamicAttributes"]["reservedResourceType"] == "VirtualMachines"
    availabilities = app_api.get("/v1/products/DZH318Z0BQ3Q/skus/0001/availabilities", {"country": "IT"}).json()
    [availability] = availabilities["items"]
    assert availability["pricing"] == {"unitPrice": "484.90", "currencyCode": "EUR", "taxIncluded": False}
    assert [t["billingCycle"] for t in availability["terms"]] == ["one_time", "monthly"]
    assert_error(app_api.get("/v1/products", {"country": "SM", "targetView": "AzureReservations"}), 400, 800002)


def test_subscriptions_and_azure_entitlements(app_api, customer_a, plan_a, subscription_a):
    url = f"/v1/customers/{customer_a.tenant_id}/subscriptions"
    listed = app_api.get(url)
    assert_matches_schema(listed, "get", SUBSCRIPTIONS)
    [plan] = listed.json()["items"]
    assert (plan["id"], plan["friendlyName"], plan["status"], plan["billingType"]) == (
        str(plan_a.subscription_id),
        "Azure plan",
        "active",
        "usage",
    )
    assert plan["offerId"].startswith("DZH318Z0BPS6:0001:")
    detail = app_api.get(f"{url}/{plan_a.subscription_id}")
    assert detail.json() == plan
    entitlements = app_api.get(f"{url}/{plan_a.subscription_id}/azureEntitlements")
    assert_matches_schema(entitlements, "get", AZURE_ENTITLEMENTS)
    assert entitlements.json()["items"] == [
        {
            "id": str(subscription_a.subscription_id),
            "friendlyName": "Azure subscription 1",
            "status": "active",
            "subscriptionId": str(plan_a.subscription_id),
            "attributes": {"objectType": "AzureEntitlement"},
        }
    ]


def test_adding_an_azure_subscription(app_api, api_as, make_user, customer_a, plan_a):
    url = f"/v1/customers/{customer_a.tenant_id}/subscriptions/{plan_a.subscription_id}/azureEntitlements"
    created = app_api.post(url, {"friendlyName": "Analytics"}, format="json", HTTP_MS_REQUESTID="add-1")
    assert created.status_code == 201, created.content
    assert_matches_schema(created, "post", AZURE_ENTITLEMENTS)
    assert created.json()["friendlyName"] == "Analytics"
    replay = app_api.post(url, {"friendlyName": "Analytics"}, format="json", HTTP_MS_REQUESTID="add-1")
    assert replay.json() == created.json()
    assert AzureSubscription.objects.filter(customer=customer_a).count() == 2

    assert assert_error(app_api.post(url, {"friendlyName": "Analytics"}, format="json"), 400)["errorName"] == (
        "DuplicateFriendlyName"
    )
    for body in ({}, {"friendlyName": ""}, {"friendlyName": "x" * 65}, {"friendlyName": None}, {"friendlyName": ["a"]}):
        assert_error(app_api.post(url, body, format="json"), 400)
    assert_error(api_as(make_user(Role.HELPDESK_AGENT)).post(url, {"friendlyName": "Help"}, format="json"), 403)
    assert api_as(make_user(Role.SALES_AGENT)).post(url, {"friendlyName": "Sales"}, format="json").status_code == 201
    assert_error(app_api.get(f"/v1/customers/{customer_a.tenant_id}/subscriptions/not-a-plan/azureEntitlements"), 404)


def test_an_order_with_provisioning_context_buys_the_same_reservation_as_the_service(
    app_api, reserve, customer_a, subscription_a
):
    by_service = reserve(customer_a, subscription_a, item=reservation_item(), quantity=2, scope="single")
    body = {
        "lineItems": [
            {
                "offerId": reservation_item(),
                "quantity": 2,
                "termDuration": "P1Y",
                "provisioningContext": {
                    "subscriptionId": str(subscription_a.subscription_id),
                    "scope": "single",
                    "duration": "1Year",
                },
            }
        ],
        "billingCycle": "one_time",
    }
    response = app_api.post(f"/v1/customers/{customer_a.tenant_id}/orders", body, format="json")
    assert response.status_code == 201, response.content
    assert_matches_schema(response, "post", "/v1/customers/{customer_tenant_id}/orders")
    line = response.json()["lineItems"][0]
    assert line["provisioningContext"]["scope"] == "single"
    by_api = ReservationOrder.objects.get(order_line__order__order_id=response.json()["id"]).reservations.get()
    fields = ("sku_name", "location", "quantity", "applied_scope_type", "applied_subscription_id", "unit_price")
    assert [getattr(by_api, f) for f in fields] == [getattr(by_service, f) for f in fields]
    invoice = ("charge_type", "quantity", "unit_price", "subtotal", "tax", "total", "currency", "product_name")
    service_line = InvoiceLine.objects.filter(source__endswith=f"{by_service.reservation_id}:0").values(*invoice)
    api_line = InvoiceLine.objects.filter(source__endswith=f"{by_api.reservation_id}:0").values(*invoice)
    assert list(service_line) == list(api_line)


def test_cart_checkout_with_provisioning_context_and_monthly_billing(app_api, customer_a, subscription_a):
    base = f"/v1/customers/{customer_a.tenant_id}/carts"
    cart = app_api.post(
        base,
        {
            "lineItems": [
                {
                    "catalogItemId": reservation_item("Cosmos_DB_100_RUs", "northeurope", "P3Y"),
                    "quantity": 10,
                    "billingCycle": "monthly",
                    "provisioningContext": {"subscriptionId": str(subscription_a.subscription_id), "scope": "shared"},
                }
            ]
        },
        format="json",
    )
    assert cart.status_code == 201, cart.content
    assert cart.json()["lineItems"][0]["provisioningContext"]["scope"] == "shared"
    checkout = app_api.post(f"{base}/{cart.json()['id']}/checkout", format="json")
    assert checkout.status_code == 201, checkout.content
    assert checkout.json()["orders"][0]["billingCycle"] == "monthly"
    reservation = Reservation.objects.get(customer=customer_a)
    assert (reservation.reserved_resource_type, reservation.quantity, reservation.order.billing_plan) == (
        "CosmosDb",
        10,
        "Monthly",
    )
    assert reservation.order.instalment_count == 36


@pytest.mark.parametrize(
    ("context", "error_name"),
    [
        ({}, "MissingSubscriptionId"),
        ({"subscriptionId": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, "InvalidAzureSubscription"),
        ({"subscriptionId": "SUB", "scope": "galaxy"}, "InvalidScope"),
        ({"subscriptionId": "SUB", "duration": "3Years"}, "UnsupportedReservationTerm"),
        ({"subscriptionId": "SUB", "renew": "maybe"}, "InvalidProvisioningContext"),
    ],
)
def test_bad_provisioning_context_is_400_and_buys_nothing(app_api, customer_a, subscription_a, context, error_name):
    context = {k: (str(subscription_a.subscription_id) if v == "SUB" else v) for k, v in context.items()}
    response = app_api.post(
        f"/v1/customers/{customer_a.tenant_id}/orders",
        {"lineItems": [{"offerId": reservation_item(), "quantity": 1, "provisioningContext": context}]},
        format="json",
    )
    assert assert_error(response, 400, 800002)["errorName"] == error_name
    assert not ReservationOrder.objects.exists()


def test_odd_provisioning_contexts_are_400(app_api, customer_a, plan_a):
    url = f"/v1/customers/{customer_a.tenant_id}/orders"
    for context in ([], "x", {"a": {"b": 1}}, {f"k{i}": "v" for i in range(25)}, {"subscriptionId": "x" * 300}):
        response = app_api.post(
            url,
            {"lineItems": [{"offerId": reservation_item(), "quantity": 1, "provisioningContext": context}]},
            format="json",
        )
        assert_error(response, 400)
    assert_error(
        app_api.post(
            url,
            {"lineItems": [{"offerId": reservation_item(), "quantity": 1}], "billingCycle": "annual"},
            format="json",
        ),
        400,
    )


def test_reserved_instance_entitlements(api_as, admin_agent_a, reservation_a, customer_a):
    app_api = api_as(admin_agent_a)  # entitlements are App+User only
    url = f"/v1/customers/{customer_a.tenant_id}/entitlements"
    response = app_api.get(url, {"entitlementType": "reservedInstance", "showExpiry": "true"})
    assert_matches_schema(response, "get", "/v1/customers/{customer_tenant_id}/entitlements")
    [entitlement] = response.json()["items"]
    order = reservation_a.order
    assert entitlement["entitlementType"] == "reservedInstance"
    assert entitlement["referenceOrder"]["id"] == order.order_line.order.order_id
    assert entitlement["quantityDetails"] == [{"quantity": 1, "status": "Fulfilled"}]
    assert entitlement["entitledArtifacts"][0]["resourceId"] == str(order.reservation_order_id)
    assert entitlement["entitledArtifacts"][0]["dynamicAttributes"]["reservationIds"] == [
        str(reservation_a.reservation_id)
    ]
    assert entitlement["dynamicAttributes"] == {"reservationType": "virtualmachines"}
    assert entitlement["expiryDate"].startswith("2031-01-10")
    software = app_api.get(url).json()
    assert software["items"] == []
    assert_error(app_api.get(url, {"entitlementType": "vm"}), 400)


def test_another_partner_reaches_nothing(api_as, make_user, partner_b, credential_b, customer_a, plan_a, reservation_a):
    app_api_b = api_as(make_user(Role.ADMIN_AGENT, partner=partner_b), credential_b)
    base = f"/v1/customers/{customer_a.tenant_id}"
    for method, url, body in (
        ("get", f"{base}/subscriptions", None),
        ("get", f"{base}/subscriptions/{plan_a.subscription_id}", None),
        ("get", f"{base}/subscriptions/{plan_a.subscription_id}/azureEntitlements", None),
        ("post", f"{base}/subscriptions/{plan_a.subscription_id}/azureEntitlements", {"friendlyName": "Mine"}),
        ("get", f"{base}/entitlements?entitlementType=reservedInstance", None),
    ):
        response = getattr(app_api_b, method)(url, body, format="json") if body else getattr(app_api_b, method)(url)
        assert_error(response, 404, 1000)
    assert AzureSubscription.objects.filter(customer=customer_a).count() == 1


def test_list_query_budgets(
    api_as, admin_agent_a, reserve, customer_a, plan_a, subscription_a, django_assert_max_num_queries
):
    app_api = api_as(admin_agent_a)
    for n in range(6):
        AzureSubscription.objects.create(
            plan=plan_a,
            partner=plan_a.partner,
            customer=customer_a,
            friendly_name=f"S{n}",
            created_at=plan_a.created_at,
        )
        reserve(customer_a, subscription_a)
    base = f"/v1/customers/{customer_a.tenant_id}"
    for url in (
        f"{base}/subscriptions",
        f"{base}/subscriptions/{plan_a.subscription_id}/azureEntitlements",
        f"{base}/entitlements?entitlementType=reservedInstance",
    ):
        with django_assert_max_num_queries(12):
            assert app_api.get(url).status_code == 200


def test_reservation_prices_follow_the_market_tax_rule(app_api, azure_plan, partner_a, frozen):
    from tests.factories import CustomerFactory

    brazil = CustomerFactory(partner=partner_a, market="BR", domain="brasil.onmicrosoft.com", state="SP")
    subscription = azure_plan(brazil).azure_subscriptions.get()
    response = app_api.post(
        f"/v1/customers/{brazil.tenant_id}/orders",
        {
            "lineItems": [
                {
                    "offerId": reservation_item("Standard_B2s", "brazilsouth"),
                    "quantity": 1,
                    "provisioningContext": {"subscriptionId": str(subscription.subscription_id)},
                }
            ]
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    reservation = Reservation.objects.get(customer=brazil)
    line = InvoiceLine.objects.get(source__endswith=f"{reservation.reservation_id}:0")
    assert line.currency == "BRL" and line.total == reservation.unit_price  # the price includes tax in Brazil
    assert line.tax > Decimal(0) and line.subtotal + line.tax == line.total
