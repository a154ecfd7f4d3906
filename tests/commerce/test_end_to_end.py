"""Buying and cancelling with the real software handler: the visible state over time, on the API and the page."""

from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from commerce.services import order_cancel, order_create
from partnercenter import clock
from simulation.services import clock_advance
from software.models import SoftwarePurchase
from tests.api_personas import assert_error
from tests.commerce.test_pages import history_rows
from tests.commerce.test_services import SQL_ENT_3Y, WS_STD_PERPETUAL


@override_settings(CANCELLATION_VISIBILITY_DELAY=timedelta(minutes=15), CANCELLATION_VISIBILITY_RANDOM=False)
def test_cancel_is_confirmed_now_and_visible_after_the_delay(catalog, app_api, customer_a, partner_a):
    clock.clock_freeze(partner=partner_a)
    url = f"/v1/customers/{customer_a.tenant_id}/orders"
    body = {"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 2}, {"offerId": WS_STD_PERPETUAL, "quantity": 1}]}
    order = app_api.post(url, body, format="json").json()
    assert SoftwarePurchase.objects.filter(order_line__order__order_id=order["id"]).count() == 2
    order_url = f"{url}/{order['id']}"

    patched = app_api.patch(order_url, {"status": "cancelled", "lineItems": [{"lineItemNumber": 0}]}, format="json")
    assert patched.status_code == 200, patched.content
    # The answer is the order as it will be (Partner Center: cancelled lines at quantity 0) ...
    assert [line["quantity"] for line in patched.json()["lineItems"]] == [0, 1]
    assert patched.json()["status"] == "completed"
    # ... while reads keep the current state until the visibility delay has passed.
    assert [line["quantity"] for line in app_api.get(order_url).json()["lineItems"]] == [2, 1]
    again = app_api.patch(order_url, {"status": "cancelled", "lineItems": [{"lineItemNumber": 0}]}, format="json")
    assert assert_error(again, 400, 800061)["errorName"] == "CancellationInProgress"

    clock_advance(partner=partner_a, by=timedelta(minutes=14, seconds=59))
    assert [line["quantity"] for line in app_api.get(order_url).json()["lineItems"]] == [2, 1]
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    shown = app_api.get(order_url).json()
    assert [line["quantity"] for line in shown["lineItems"]] == [0, 1]
    assert shown["status"] == "completed"

    last = app_api.patch(order_url, {"status": "cancelled", "lineItems": [{"lineItemNumber": 1}]}, format="json")
    assert ([line["quantity"] for line in last.json()["lineItems"]], last.json()["status"]) == ([0, 0], "cancelled")
    assert app_api.get(order_url).json()["status"] == "completed"
    clock_advance(partner=partner_a, by=timedelta(minutes=15))
    assert app_api.get(order_url).json()["status"] == "cancelled"


def test_only_admin_agents_cancel_through_the_api(catalog, api_as, make_user, app_api, customer_a):
    url = f"/v1/customers/{customer_a.tenant_id}/orders"
    order = app_api.post(url, {"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 1}]}, format="json").json()
    global_admin = api_as(make_user(Role.GLOBAL_ADMIN))
    response = global_admin.patch(f"{url}/{order['id']}", {"status": "cancelled"}, format="json")
    assert_error(response, 403)
    admin_agent = api_as(make_user(Role.ADMIN_AGENT))
    assert admin_agent.patch(f"{url}/{order['id']}", {"status": "cancelled"}, format="json").status_code == 200


@override_settings(CANCELLATION_VISIBILITY_DELAY=timedelta(minutes=15), CANCELLATION_VISIBILITY_RANDOM=False)
def test_patch_replayed_with_the_same_request_id_answers_the_first_200(catalog, app_api, customer_a, partner_a):
    clock.clock_freeze(partner=partner_a)
    url = f"/v1/customers/{customer_a.tenant_id}/orders"
    order = app_api.post(url, {"lineItems": [{"offerId": SQL_ENT_3Y, "quantity": 1}]}, format="json").json()
    body = {"status": "cancelled"}
    first = app_api.patch(f"{url}/{order['id']}", body, format="json", HTTP_MS_REQUESTID="cancel-1")
    replay = app_api.patch(f"{url}/{order['id']}", body, format="json", HTTP_MS_REQUESTID="cancel-1")
    assert first.status_code == replay.status_code == 200
    assert replay.content == first.content
    fresh = app_api.patch(f"{url}/{order['id']}", body, format="json", HTTP_MS_REQUESTID="cancel-2")
    assert assert_error(fresh, 400, 800061)["errorName"] == "CancellationInProgress"


@override_settings(CANCELLATION_VISIBILITY_DELAY=timedelta(minutes=15), CANCELLATION_VISIBILITY_RANDOM=False)
def test_order_history_shows_one_cancelled_line_of_two_after_the_delay(
    catalog, client_as, customer_a, partner_a, admin_agent_a
):
    clock.clock_freeze(partner=partner_a)
    order = order_create(
        customer=customer_a,
        actor=admin_agent_a,
        line_items=[{"offer_id": SQL_ENT_3Y, "quantity": 2}, {"offer_id": WS_STD_PERPETUAL, "quantity": 1}],
    )
    order_cancel(customer=customer_a, order_id=order.order_id, line_numbers=[0], actor=admin_agent_a)
    client = client_as(admin_agent_a)
    history = reverse("commerce:order_history", args=[customer_a.tenant_id])

    clock_advance(partner=partner_a, by=timedelta(minutes=14, seconds=59))
    rows = history_rows(client.get(history).content.decode(), order)
    assert [rows[0][2], rows[0][3], rows[0][5], rows[1][1]] == [
        "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year",
        "2",
        "Completed",
        "1",
    ]
    clock_advance(partner=partner_a, by=timedelta(seconds=1))
    rows = history_rows(client.get(history).content.decode(), order)
    assert [rows[0][2], rows[0][3], rows[0][5], rows[1][1]] == [
        "SQL Server 2022 Enterprise - 2 Core License Pack - 3 year Cancelled",
        "0",
        "Completed",
        "1",
    ]
