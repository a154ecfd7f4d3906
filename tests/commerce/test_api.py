"""Catalog, cart, checkout and order API: shapes, prices per market, refusals, tenancy, idempotency."""

from datetime import timedelta

import pytest

from accounts.models import Role
from commerce.models import Cart, Order
from partnercenter import clock
from simulation.services import clock_advance
from tests.api_personas import assert_error
from tests.commerce.test_services import SQL_ENT_3Y, SUSE_1Y, WS_STD_PERPETUAL
from tests.factories import CustomerFactory


@pytest.fixture
def frozen(partner_a):
    return clock.clock_freeze(partner=partner_a)


def orders_url(customer):
    return f"/v1/customers/{customer.tenant_id}/orders"


def carts_url(customer):
    return f"/v1/customers/{customer.tenant_id}/carts"


def order_body(*lines):
    return {"lineItems": [{"lineItemNumber": i, **line} for i, line in enumerate(lines)]}


# --- catalog -----------------------------------------------------------------------------------


def test_products_by_country_and_target_view(catalog, app_api):
    response = app_api.get("/v1/products", {"country": "IT", "targetView": "Software"})
    assert response.status_code == 200
    body = response.json()
    assert body["attributes"] == {"objectType": "Collection"}
    assert body["totalCount"] == 8
    ids = {item["id"] for item in body["items"]}
    assert {"DG7GMGF0FKZV", "DG7GMGF0D65N", "DZH318Z0BQ5S"} <= ids
    sql = next(item for item in body["items"] if item["id"] == "DG7GMGF0FKZV")
    assert sql["title"] == "SQL Server 2022 Enterprise - 2 Core License Pack"
    assert sql["productType"]["id"] == "Software"
    assert sql["links"]["skus"]["uri"] == "/products/DG7GMGF0FKZV/skus?country=IT"
    assert sql["attributes"] == {"objectType": "Product"}
    reservations = app_api.get("/v1/products", {"country": "it", "targetView": "AzureReservations"}).json()
    assert reservations["totalCount"] == 8
    assert {item["productType"]["id"] for item in reservations["items"]} == {"AzureReservations"}
    azure = app_api.get("/v1/products", {"country": "IT", "targetView": "Azure"}).json()
    assert [item["title"] for item in azure["items"]] == ["Azure plan"]


@pytest.mark.parametrize(
    ("query", "error_name"),
    [
        ({"country": "XX"}, "InvalidCountry"),
        ({"country": "USA"}, "InvalidCountry"),
        ({}, "InvalidCountry"),
        ({"country": "SM"}, "MarketNotAvailable"),
        ({"country": "US", "targetView": "Games"}, "InvalidTargetView"),
        ({"country": "US", "size": "0"}, "InvalidPageSize"),
    ],
)
def test_bad_catalog_queries_are_400(catalog, app_api, query, error_name):
    body = assert_error(app_api.get("/v1/products", query), 400, 800002)
    assert body["errorName"] == error_name


def test_unavailable_market_names_the_market(catalog, app_api):
    body = assert_error(app_api.get("/v1/products/DG7GMGF0FKZV/skus", {"country": "SM"}), 400, 800002)
    assert "San Marino (SM)" in body["description"]


def test_catalog_needs_a_token(catalog, client):
    assert_error(client.get("/v1/products", {"country": "US"}), 401)


def test_skus_of_a_product(catalog, app_api):
    body = app_api.get("/v1/products/DG7GMGF0FKZV/skus", {"country": "IT"}).json()
    assert [
        (s["id"], s["dynamicAttributes"]["skuKind"], s["dynamicAttributes"]["termDuration"]) for s in body["items"]
    ] == [
        ("0001", "perpetual", ""),
        ("0002", "subscription", "P1Y"),
        ("0003", "subscription", "P3Y"),
    ]
    sku = body["items"][2]
    assert sku["title"] == "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year"
    assert sku["supportedBillingCycles"] == ["one_time"]
    assert "2022" in sku["dynamicAttributes"]["versions"]
    assert sku["links"]["availabilities"]["uri"] == "/products/DG7GMGF0FKZV/skus/0003/availabilities?country=IT"
    assert app_api.get("/v1/products/DZH318Z0BQ6R/skus", {"country": "US"}).json()["totalCount"] == 2


def test_unknown_product_or_sku_is_404(catalog, app_api):
    assert_error(app_api.get("/v1/products/NOSUCHPRODUC"), 404, 1000)
    assert_error(app_api.get("/v1/products/NOSUCHPRODUC/skus", {"country": "US"}), 404, 1000)
    assert_error(app_api.get("/v1/products/DG7GMGF0FKZV/skus/0099/availabilities", {"country": "US"}), 404, 1000)
    assert app_api.get("/v1/products/DG7GMGF0FKZV").json()["id"] == "DG7GMGF0FKZV"


@pytest.mark.parametrize(
    ("country", "unit_price", "currency", "tax_included"),
    [
        ("US", "13858.00", "USD", False),
        ("IT", "12887.94", "EUR", False),
        ("DE", "12887.94", "EUR", False),
        ("GB", "11086.40", "GBP", False),
        ("AU", "23281.44", "AUD", True),
        ("BR", "87305.40", "BRL", True),
        ("JP", "2078700", "JPY", False),
    ],
)
def test_availability_prices_in_market_currency(catalog, app_api, country, unit_price, currency, tax_included):
    response = app_api.get("/v1/products/DG7GMGF0FKZV/skus/0003/availabilities", {"country": country})
    assert response.status_code == 200
    [availability] = response.json()["items"]
    assert availability["catalogItemId"] == SQL_ENT_3Y
    assert availability["pricing"] == {"unitPrice": unit_price, "currencyCode": currency, "taxIncluded": tax_included}
    assert availability["defaultCurrency"]["code"] == currency
    assert availability["terms"] == [{"duration": "P3Y", "billingCycle": "one_time"}]


# --- orders ------------------------------------------------------------------------------------


def test_create_order_returns_partner_center_order(catalog, app_api, customer_a, software_handler, frozen):
    response = app_api.post(
        orders_url(customer_a),
        order_body(
            {"offerId": SQL_ENT_3Y, "quantity": 2, "termDuration": "P3Y"}, {"offerId": WS_STD_PERPETUAL, "quantity": 1}
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    order = Order.objects.get()
    assert response["Location"] == f"/v1/customers/{customer_a.tenant_id}/orders/{order.order_id}"
    assert body["id"] == order.order_id and len(body["id"]) == 33
    assert body["alternateId"] == order.alternate_id
    assert body["referenceCustomerId"] == str(customer_a.tenant_id)
    assert (body["billingCycle"], body["currencyCode"], body["status"]) == ("one_time", "EUR", "completed")
    assert body["creationDate"] == frozen.isoformat().replace("+00:00", "Z")
    assert body["attributes"] == {"objectType": "Order"}
    assert body["lineItems"][0] == {
        "lineItemNumber": 0,
        "offerId": SQL_ENT_3Y,
        "friendlyName": "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year",
        "quantity": 2,
        "termDuration": "P3Y",
        "transactionType": "New",
        "provisioningContext": {},
        "links": body["lineItems"][0]["links"],
    }
    assert body["lineItems"][1]["termDuration"] == ""
    assert body["links"]["patchOperation"]["method"] == "PATCH"
    assert software_handler.fulfilled[0][1] == [0, 1]


def test_property_names_are_case_insensitive(catalog, app_api, customer_a, software_handler):
    response = app_api.post(orders_url(customer_a), {"LineItems": [{"OfferId": SUSE_1Y, "Quantity": 1}]}, format="json")
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("body", "code", "error_name"),
    [
        ({}, 3000, "InvalidProperty"),
        ({"lineItems": []}, 3000, "InvalidProperty"),
        ({"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": "lots"}]}, 3000, "InvalidProperty"),
        ({"lineItems": [{"quantity": 1}]}, 3000, "InvalidProperty"),
        ({"lineItems": "x"}, 3000, "InvalidProperty"),
        ({"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 0}]}, 2002, "InvalidQuantity"),
        ({"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 100000}]}, 2002, "InvalidQuantity"),
        ({"lineItems": [{"offerId": "A:B:C", "quantity": 1}]}, 800002, "CatalogItemNotFound"),
        ({"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 1, "termDuration": "P2Y"}]}, 800002, "InvalidTermDuration"),
        (
            {"billingCycle": "monthly", "lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 1}]},
            800002,
            "InvalidBillingCycle",
        ),
        (
            {"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 1}, {"offerId": SQL_ENT_3Y, "quantity": 1}]},
            800002,
            "DuplicateLineItem",
        ),
    ],
)
def test_bad_order_bodies_are_400(catalog, app_api, customer_a, software_handler, body, code, error_name):
    response = app_api.post(orders_url(customer_a), body, format="json")
    assert assert_error(response, 400, code)["errorName"] == error_name
    assert not Order.objects.exists()


def test_malformed_json_is_400(catalog, app_api, customer_a):
    response = app_api.generic("POST", orders_url(customer_a), "{not json", content_type="application/json")
    assert_error(response, 400)


def test_unavailable_market_is_refused_on_the_api(catalog, app_api, partner_a, software_handler):
    customer = CustomerFactory(partner=partner_a, market="SM", state="")
    body = order_body({"offerId": SQL_ENT_3Y, "quantity": 1})
    error = assert_error(app_api.post(orders_url(customer), body, format="json"), 400, 800002)
    assert error["errorName"] == "MarketNotAvailable"
    error = assert_error(
        app_api.post(carts_url(customer), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"),
        400,
    )
    assert error["errorName"] == "MarketNotAvailable"
    assert not Order.objects.exists() and not Cart.objects.exists()


@pytest.mark.parametrize("role", [Role.HELPDESK_AGENT, Role.SALES_AGENT, Role.BILLING_ADMIN, Role.REFERRAL_ADMIN])
def test_roles_without_buy_capability_get_403(catalog, api_as, make_user, customer_a, software_handler, role):
    client = api_as(make_user(role))
    body = order_body({"offerId": SQL_ENT_3Y, "quantity": 1})
    assert_error(client.post(orders_url(customer_a), body, format="json"), 403)
    cart = {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}
    assert_error(client.post(carts_url(customer_a), cart, format="json"), 403)
    assert not Order.objects.exists() and not Cart.objects.exists()


def test_global_admin_user_may_buy(catalog, api_as, global_admin_a, customer_a, software_handler):
    body = order_body({"offerId": SQL_ENT_3Y, "quantity": 1})
    assert api_as(global_admin_a).post(orders_url(customer_a), body, format="json").status_code == 201


def test_same_request_id_twice_places_one_order(catalog, app_api, customer_a, software_handler):
    body = order_body({"offerId": SQL_ENT_3Y, "quantity": 1})
    first = app_api.post(orders_url(customer_a), body, format="json", HTTP_MS_REQUESTID="order-1")
    again = app_api.post(orders_url(customer_a), body, format="json", HTTP_MS_REQUESTID="order-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert Order.objects.count() == 1
    other = order_body({"offerId": SQL_ENT_3Y, "quantity": 2})
    assert_error(app_api.post(orders_url(customer_a), other, format="json", HTTP_MS_REQUESTID="order-1"), 409)


def test_a_placed_order_answers_what_reading_it_returns(catalog, app_api, customer_a, settings):
    """The order and the checkout are answered from the rows just written (the real owners fulfil, the clock
    runs to the microsecond): the same body as a read of the order, also by DRF's own walk."""
    lines = [
        {"offerId": WS_STD_PERPETUAL, "quantity": 1},
        {"offerId": SQL_ENT_3Y, "quantity": 2, "termDuration": "P3Y"},
    ]
    placed = app_api.post(orders_url(customer_a), {"lineItems": lines}, format="json", HTTP_MS_REQUESTID="o-1")
    assert placed.status_code == 201, placed.content
    assert [line["lineItemNumber"] for line in placed.json()["lineItems"]] == [0, 1]
    assert placed.json() == app_api.get(f"{orders_url(customer_a)}/{placed.json()['id']}").json()
    cart = app_api.post(
        carts_url(customer_a), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"
    ).json()
    [checked_out] = app_api.post(f"{carts_url(customer_a)}/{cart['id']}/checkout").json()["orders"]
    assert checked_out == app_api.get(f"{orders_url(customer_a)}/{checked_out['id']}").json()
    settings.API_COMPILED_OUTPUT = False  # partnercenter/api/compiled_output.py against DRF's walk
    assert placed.json() == app_api.get(f"{orders_url(customer_a)}/{placed.json()['id']}").json()


@pytest.fixture
def order_a(catalog, customer_a, software_handler):
    from commerce.services import order_create

    return order_create(
        customer=customer_a,
        actor=None,
        line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 2}, {"offer_id": WS_STD_PERPETUAL, "quantity": 3}],
    )


def test_get_orders_and_one_order(app_api, order_a, customer_a):
    body = app_api.get(orders_url(customer_a)).json()
    assert body["totalCount"] == 1
    assert body["items"][0]["id"] == order_a.order_id
    one = app_api.get(f"{orders_url(customer_a)}/{order_a.order_id}").json()
    assert [(line["lineItemNumber"], line["quantity"]) for line in one["lineItems"]] == [(0, 2), (1, 3)]


def test_orders_and_carts_of_another_partner_are_404(app_api, app_api_b, order_a, customer_a, software_handler):
    cart = app_api.post(
        carts_url(customer_a), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"
    )
    cart_id = cart.json()["id"]
    order_url = f"{orders_url(customer_a)}/{order_a.order_id}"
    assert_error(app_api_b.get(orders_url(customer_a)), 404, 1000)
    assert_error(app_api_b.get(order_url), 404, 1000)
    assert_error(app_api_b.patch(order_url, {"status": "cancelled"}, format="json"), 404, 1000)
    assert_error(
        app_api_b.post(orders_url(customer_a), order_body({"offerId": SQL_ENT_3Y, "quantity": 1}), format="json"), 404
    )
    assert_error(
        app_api_b.post(
            carts_url(customer_a), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"
        ),
        404,
    )
    assert_error(app_api_b.get(f"{carts_url(customer_a)}/{cart_id}"), 404, 1000)
    assert_error(app_api_b.post(f"{carts_url(customer_a)}/{cart_id}/checkout"), 404, 1000)
    assert software_handler.cancelled == []
    assert Order.objects.count() == 1


def test_order_and_cart_of_another_customer_are_404(app_api, order_a, customer_a, partner_a, software_handler):
    other = CustomerFactory(partner=partner_a)
    cart_id = app_api.post(
        carts_url(customer_a), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"
    ).json()["id"]
    assert_error(app_api.get(f"{orders_url(other)}/{order_a.order_id}"), 404)
    assert app_api.get(orders_url(other)).json()["totalCount"] == 0
    assert_error(app_api.get(f"{carts_url(other)}/{cart_id}"), 404)
    assert_error(app_api.post(f"{carts_url(other)}/{cart_id}/checkout"), 404)


def test_orders_list_query_budget(app_api, catalog, customer_a, software_handler, django_assert_max_num_queries):
    from commerce.services import order_create

    for quantity in range(1, 31):
        order_create(customer=customer_a, actor=None, line_items=[{"offer_id": SQL_ENT_3Y, "quantity": quantity}])
    with django_assert_max_num_queries(12):
        response = app_api.get(orders_url(customer_a), {"size": 20})
    assert response.json()["totalCount"] == 20
    with django_assert_max_num_queries(12):
        next_page = app_api.get(
            orders_url(customer_a), HTTP_MS_CONTINUATIONTOKEN=response.json()["links"]["next"]["headers"][0]["value"]
        )
    assert next_page.json()["totalCount"] == 10


# --- carts -------------------------------------------------------------------------------------


def test_cart_then_checkout(catalog, app_api, customer_a, partner_a, software_handler, frozen):
    created = app_api.post(
        carts_url(customer_a),
        {
            "lineItems": [
                {"id": 0, "catalogItemId": SQL_ENT_3Y, "quantity": 3, "billingCycle": "one_time", "termDuration": "P3Y"}
            ]
        },
        format="json",
        HTTP_MS_REQUESTID="cart-1",
    )
    assert created.status_code == 201, created.content
    cart = created.json()
    assert cart["status"] == "Active"
    assert cart["expirationTimestamp"] == (frozen + timedelta(minutes=15)).isoformat().replace("+00:00", "Z")
    assert cart["lineItems"][0]["catalogItemId"] == SQL_ENT_3Y
    assert cart["lineItems"][0]["currencyCode"] == "EUR"
    assert app_api.get(f"{carts_url(customer_a)}/{cart['id']}").json() == cart
    checkout = app_api.post(f"{carts_url(customer_a)}/{cart['id']}/checkout", HTTP_MS_REQUESTID="checkout-1")
    assert checkout.status_code == 201, checkout.content
    result = checkout.json()
    assert result["orderErrors"] == []
    [order] = result["orders"]
    assert order["lineItems"][0]["quantity"] == 3
    assert app_api.get(f"{carts_url(customer_a)}/{cart['id']}").json()["status"] == "Ordered"
    replay = app_api.post(f"{carts_url(customer_a)}/{cart['id']}/checkout", HTTP_MS_REQUESTID="checkout-1")
    assert replay.content == checkout.content
    again = app_api.post(f"{carts_url(customer_a)}/{cart['id']}/checkout")
    assert assert_error(again, 400)["errorName"] == "CartAlreadyOrdered"
    assert Order.objects.count() == 1


def test_expired_cart_checkout_is_refused(catalog, app_api, customer_a, partner_a, software_handler, frozen):
    cart = app_api.post(
        carts_url(customer_a), {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": 1}]}, format="json"
    ).json()
    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    response = app_api.post(f"{carts_url(customer_a)}/{cart['id']}/checkout")
    assert assert_error(response, 400)["errorName"] == "CartExpired"
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"lineItems": []},
        {"lineItems": [{"catalogItemId": SQL_ENT_3Y}]},
        {"lineItems": [{"catalogItemId": SQL_ENT_3Y, "quantity": -2}]},
    ],
)
def test_bad_cart_bodies_are_400(catalog, app_api, customer_a, body):
    assert_error(app_api.post(carts_url(customer_a), body, format="json"), 400)
    assert not Cart.objects.exists()


def test_unknown_cart_is_404(catalog, app_api, customer_a):
    assert_error(app_api.get(f"{carts_url(customer_a)}/00000000-0000-0000-0000-000000000000"), 404)
    assert_error(app_api.post(f"{carts_url(customer_a)}/not-a-uuid/checkout"), 404)


# --- cancel (PATCH) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error_name"),
    [
        ({}, "InvalidProperty"),
        ({"status": "active"}, "InvalidProperty"),
        ({"status": "cancelled", "lineItems": [{"lineItemNumber": "x"}]}, "InvalidProperty"),
        ({"status": "cancelled", "lineItems": [{"lineItemNumber": 9}]}, "InvalidLineItemNumber"),
        ({"status": "cancelled", "lineItems": []}, "InvalidLineItemNumber"),
    ],
)
def test_bad_patch_bodies_are_400(app_api, order_a, customer_a, software_handler, body, error_name):
    response = app_api.patch(f"{orders_url(customer_a)}/{order_a.order_id}", body, format="json")
    assert assert_error(response, 400)["errorName"] == error_name
    assert software_handler.cancelled == []


def test_patch_hands_the_chosen_lines_to_the_owner(app_api, order_a, customer_a, software_handler):
    body = {
        "id": order_a.order_id,
        "status": "cancelled",
        "lineItems": [{"lineItemNumber": 1, "offerId": WS_STD_PERPETUAL}],
    }
    response = app_api.patch(f"{orders_url(customer_a)}/{order_a.order_id}", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == order_a.order_id
    assert software_handler.cancelled == [(order_a.order_id, [1], software_handler.cancelled[0][2])]


def test_patch_unknown_order_is_404(app_api, customer_a, catalog):
    assert_error(app_api.patch(f"{orders_url(customer_a)}/{'x' * 33}", {"status": "cancelled"}, format="json"), 404)


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/v1/products", 2),  # 8 products
        ("/v1/products/DG7GMGF0FKZV/skus", 3),  # 3 SKUs: a query per SKU would be 6
        ("/v1/products/DG7GMGF0FKZV/skus/0003/availabilities", 5),
    ],
)
def test_catalog_lists_query_budget(catalog, app_api, django_assert_max_num_queries, path, budget):
    app_api.get(path, {"country": "IT"})  # the token is cached from here on, as for any client making calls
    with django_assert_max_num_queries(budget):
        response = app_api.get(path, {"country": "IT", "size": 50})
    assert response.status_code == 200
    assert response.json()["totalCount"] >= 1
