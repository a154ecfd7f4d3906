"""GET reservation orders and reservations in Azure's shapes, scoped to the caller's partner and rights."""

import uuid
from datetime import timedelta

import pytest

from partnercenter import clock
from reservations.models import ReservationRoleAssignment
from simulation.services import clock_advance
from tests.azure_api import API, assert_arm_error
from tests.reservations_azure.conftest import base


def test_the_order_list_and_an_order_in_azures_shape(arm_api, azure_customer, buy):
    order = buy(azure_customer, display_name="web-tier", quantity=2)
    reservation = order.reservations.get()
    listed = arm_api.get(f"{base(azure_customer)}/reservationOrders?{API}")
    assert listed.status_code == 200
    body = listed.json()
    assert body["nextLink"] is None
    order_id = f"/providers/Microsoft.Capacity/reservationOrders/{order.reservation_order_id}"
    assert [item["id"] for item in body["value"]] == [order_id]
    one = arm_api.get(f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}?{API}")
    assert one.status_code == 200
    assert one.json() == body["value"][0]
    assert one["ETag"] == '"1"'
    data = one.json()
    assert data["name"] == str(order.reservation_order_id)
    assert data["type"] == "Microsoft.Capacity/reservationOrders"
    assert data["etag"] == 1
    properties = data["properties"]
    assert properties["displayName"] == "web-tier"
    assert properties["term"] == "P1Y" and properties["billingPlan"] == "Upfront"
    assert properties["originalQuantity"] == 2 and properties["provisioningState"] == "Succeeded"
    assert properties["expiryDate"] == order.expires_at.date().isoformat()
    assert properties["reservations"] == [{"id": f"{order_id}/reservations/{reservation.reservation_id}"}]


def test_a_reservation_in_azures_shape(arm_api, azure_customer, buy):
    order = buy(azure_customer, display_name="db-tier", renew=True, scope="Single")
    reservation = order.reservations.get()
    url = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}"
    url += f"/reservations/{reservation.reservation_id}"
    response = arm_api.get(f"{url}?{API}")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    data = response.json()
    subscription = azure_customer.subscriptions[0]
    assert data["id"] == (
        f"/providers/Microsoft.Capacity/reservationOrders/{order.reservation_order_id}"
        f"/reservations/{reservation.reservation_id}"
    )
    assert data["name"] == f"{order.reservation_order_id}/{reservation.reservation_id}"
    assert data["type"] == "Microsoft.Capacity/reservationOrders/reservations"
    assert data["location"] == "westeurope" and data["sku"] == {"name": "Standard_D2s_v5"} and data["etag"] == 1
    properties = data["properties"]
    assert properties["reservedResourceType"] == "VirtualMachines"
    assert properties["appliedScopeType"] == "Single"
    assert properties["appliedScopes"] == [f"/subscriptions/{subscription.subscription_id}"]
    assert properties["appliedScopeProperties"] == {
        "subscriptionId": f"/subscriptions/{subscription.subscription_id}",
        "displayName": subscription.friendly_name,
    }
    assert properties["billingScopeId"] == f"/subscriptions/{subscription.subscription_id}"
    assert properties["displayName"] == "db-tier" and properties["quantity"] == 1
    assert properties["provisioningState"] == "Succeeded" and properties["displayProvisioningState"] == "Succeeded"
    assert properties["renew"] is True and properties["userFriendlyRenewState"] == "On"
    assert properties["term"] == "P1Y" and properties["billingPlan"] == "Upfront"
    assert properties["expiryDate"] == order.expires_at.date().isoformat()
    assert properties["purchaseDate"] == order.purchased_at.date().isoformat()
    assert properties["utilization"] == {"trend": None, "aggregates": []}


def test_utilization_reports_the_1_7_and_30_day_averages_of_recorded_days(arm_api, azure_customer, buy, frozen_a):
    order = buy(azure_customer)
    reservation = order.reservations.get()
    clock_advance(partner=frozen_a, by=timedelta(days=40))
    url = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}"
    url += f"/reservations/{reservation.reservation_id}"
    utilization = arm_api.get(f"{url}?{API}").json()["properties"]["utilization"]
    today = clock.now(frozen_a).date()
    days = {row.day: row.utilization_percent for row in reservation.utilization_days.all()}

    def average(count):
        values = [days[today - timedelta(days=n)] for n in range(1, count + 1)]
        return pytest.approx(float(sum(values) / len(values)), abs=0.005)  # rounded to 2 decimals

    assert [(a["grain"], a["value"]) for a in utilization["aggregates"]] == [
        (1, average(1)),
        (7, average(7)),
        (30, average(30)),
    ]
    assert {a["grainUnit"] for a in utilization["aggregates"]} == {"days"}
    assert utilization["trend"] in ("UP", "DOWN", "FLAT")


def test_the_reservations_of_an_order(arm_api, azure_customer, buy):
    order = buy(azure_customer)
    other = buy(azure_customer)
    response = arm_api.get(f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}/reservations?{API}")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["value"]]
    assert names == [f"{order.reservation_order_id}/{order.reservations.get().reservation_id}"]
    assert str(other.reservation_order_id) not in str(names)


def test_unknown_or_malformed_ids_are_refused_with_azures_codes(arm_api, azure_customer, buy):
    order = buy(azure_customer)
    other = buy(azure_customer).reservations.get()
    orders = f"{base(azure_customer)}/reservationOrders"
    assert_arm_error(arm_api.get(f"{orders}/{uuid.uuid4()}?{API}"), 404, "ReservationOrderNotFound")
    assert_arm_error(arm_api.get(f"{orders}/not-a-guid?{API}"), 400, "InvalidReservationOrderId")
    assert_arm_error(arm_api.get(f"{orders}/{uuid.uuid4()}/reservations?{API}"), 404, "ReservationOrderNotFound")
    in_order = f"{orders}/{order.reservation_order_id}/reservations"
    assert_arm_error(arm_api.get(f"{in_order}/nope?{API}"), 400, "InvalidReservationId")
    assert_arm_error(arm_api.get(f"{in_order}/{uuid.uuid4()}?{API}"), 404, "ReservationIdNotInReservationOrder")
    not_in_order = arm_api.get(f"{in_order}/{other.reservation_id}?{API}")
    assert_arm_error(not_in_order, 404, "ReservationIdNotInReservationOrder")


def test_another_partners_customer_and_reservations_are_not_found(
    arm_api, arm_api_b, azure_customer, azure_customer_b, buy
):
    order = buy(azure_customer)
    reservation = order.reservations.get()
    path = f"reservationOrders/{order.reservation_order_id}/reservations/{reservation.reservation_id}"
    # Partner B names partner A's customer: the tenant is not B's.
    assert_arm_error(arm_api_b.get(f"{base(azure_customer)}/reservationOrders?{API}"), 404, "InvalidTenantId")
    assert_arm_error(arm_api_b.get(f"{base(azure_customer)}/{path}?{API}"), 404, "InvalidTenantId")
    # Partner B names A's ids under its own customer: no such order there.
    assert_arm_error(arm_api_b.get(f"{base(azure_customer_b)}/{path}?{API}"), 404, "ReservationOrderNotFound")
    listed = arm_api_b.get(f"{base(azure_customer_b)}/reservationOrders?{API}")
    assert listed.status_code == 200 and listed.json()["value"] == []


def test_a_user_sees_only_the_reservations_their_rights_or_assignments_allow(
    arm_as, azure_customer, buy, reader_a, frozen_a
):
    assigned = buy(azure_customer).reservations.get()
    hidden = buy(azure_customer).reservations.get()
    ReservationRoleAssignment.objects.create(
        reservation=assigned,
        user=reader_a,
        role="reservations_reader",
        created_at=clock.now(frozen_a),
        created_by="test",
    )
    api = arm_as(reader_a)
    listed = api.get(f"{base(azure_customer)}/reservationOrders?{API}").json()["value"]
    assert [item["name"] for item in listed] == [str(assigned.order.reservation_order_id)]
    path = f"reservationOrders/{hidden.order.reservation_order_id}/reservations/{hidden.reservation_id}"
    assert_arm_error(api.get(f"{base(azure_customer)}/{path}?{API}"), 404, "ReservationOrderNotFound")
    path = f"reservationOrders/{assigned.order.reservation_order_id}/reservations/{assigned.reservation_id}"
    assert api.get(f"{base(azure_customer)}/{path}?{API}").status_code == 200


def test_expand_schedule_lists_every_payment_of_a_monthly_order(arm_api, azure_customer, buy, frozen_a):
    order = buy(azure_customer, billing_plan="Monthly", quantity=2)
    reservation = order.reservations.get()
    clock_advance(partner=frozen_a, to=order.instalment_due(2) + timedelta(hours=1))
    url = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}?{API}"
    assert arm_api.get(url).json()["properties"]["planInformation"] is None
    plan = arm_api.get(f"{url}&$expand=schedule").json()["properties"]["planInformation"]
    transactions = plan["transactions"]
    assert len(transactions) == 12
    assert [t["status"] for t in transactions] == ["Succeeded"] * 3 + ["Scheduled"] * 9
    charged = list(reservation.instalments.order_by("sequence"))
    assert [t["billingCurrencyTotal"]["amount"] for t in transactions[:3]] == [float(i.amount) for i in charged]
    assert [t["paymentDate"] for t in transactions[:3]] == [i.due_at.date().isoformat() for i in charged]
    assert transactions[3]["paymentDate"] is None
    assert plan["nextPaymentDueDate"] == transactions[3]["dueDate"] == order.instalment_due(3).date().isoformat()
    assert plan["pricingCurrencyTotal"] == {"currencyCode": "EUR", "amount": float(reservation.term_amount)}
    assert plan["startDate"] == order.benefit_start.date().isoformat()


def test_every_read_renders_the_same_with_drfs_own_walk(arm_api, azure_customer, buy, frozen_a, settings):
    """partnercenter/api/compiled_output.py: the compiled walk against DRF's, on each Azure read."""
    monthly = buy(azure_customer, billing_plan="Monthly", term="P3Y", display_name="m", quantity=3)
    single = buy(azure_customer, display_name="s", renew=True, scope="Single")
    clock_advance(partner=frozen_a, by=timedelta(days=40))
    order_url = f"{base(azure_customer)}/reservationOrders"
    urls = [f"{order_url}?{API}", f"{order_url}/{monthly.reservation_order_id}?{API}&$expand=schedule"]
    for order in (monthly, single):
        reservation = order.reservations.get()
        urls += [
            f"{order_url}/{order.reservation_order_id}/reservations?{API}",
            f"{order_url}/{order.reservation_order_id}/reservations/{reservation.reservation_id}?{API}",
        ]
    compiled = [arm_api.get(url).json() for url in urls]
    settings.API_COMPILED_OUTPUT = False
    assert [arm_api.get(url).json() for url in urls] == compiled
    assert compiled[1]["properties"]["planInformation"]["transactions"][0]["status"] == "Succeeded"
    subscription = azure_customer.subscriptions[0].subscription_id
    assert compiled[5]["properties"]["appliedScopes"] == [f"/subscriptions/{subscription}"]
