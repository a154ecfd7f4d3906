"""nextLink paging on the list routes, and query budgets constant in the number of reservations."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnercenter import clock
from reservations.models import ReservationRoleAssignment
from simulation.services import clock_advance
from tests.azure_api import API, assert_arm_error
from tests.reservations_azure.conftest import base


def _follow(api, url) -> list[dict]:
    """Every item of a list, following nextLink (absolute, as Azure's SDKs request it) to the end."""
    items = []
    while url:
        response = api.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["value"]
        url = body["nextLink"]
        if url:
            assert "api-version=2022-11-01" in url and "%24skiptoken=" in url
    return items


def test_orders_page_by_next_link_without_gaps_or_repeats(settings, arm_api, azure_customer, buy):
    settings.AZURE_API_PAGE_SIZE = 2
    orders = [buy(azure_customer) for _ in range(5)]
    first = arm_api.get(f"{base(azure_customer)}/reservationOrders?{API}").json()
    assert len(first["value"]) == 2 and first["nextLink"].startswith("http://testserver/azure/")
    names = [item["name"] for item in _follow(arm_api, f"{base(azure_customer)}/reservationOrders?{API}")]
    assert sorted(names) == sorted(str(order.reservation_order_id) for order in orders)
    assert len(names) == len(set(names)) == 5


def test_reservations_of_an_order_page_by_next_link(settings, arm_api, azure_customer, buy):
    settings.AZURE_API_PAGE_SIZE = 1
    order = buy(azure_customer)
    url = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}/reservations?{API}"
    assert [item["name"].split("/")[1] for item in _follow(arm_api, url)] == [
        str(order.reservations.get().reservation_id)
    ]


def test_a_forged_or_foreign_skiptoken_is_refused(settings, arm_api, azure_customer, buy):
    settings.AZURE_API_PAGE_SIZE = 1
    order = buy(azure_customer)
    buy(azure_customer)
    orders_url = f"{base(azure_customer)}/reservationOrders?{API}"
    next_link = arm_api.get(orders_url).json()["nextLink"]
    token = next_link.split("%24skiptoken=")[1]
    assert_arm_error(arm_api.get(f"{orders_url}&$skiptoken=forged"), 400, "BadRequest")
    other_list = f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}/reservations?{API}"
    assert_arm_error(arm_api.get(f"{other_list}&%24skiptoken={token}"), 400, "BadRequest")


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("route", ["orders", "reservations"])
def test_list_routes_cost_the_same_queries_for_3_or_12_reservations(
    arm_as, azure_customer, buy, admin_agent_a, reader_a, frozen_a, route, django_assert_max_num_queries
):
    """Constant in the number of reservations, for a partner-wide role and for a user with assignments."""

    def url(order):
        if route == "orders":
            return f"{base(azure_customer)}/reservationOrders?{API}"
        return f"{base(azure_customer)}/reservationOrders/{order.reservation_order_id}/reservations?{API}"

    def assign_all():
        for reservation in azure_customer.reservations.all():
            ReservationRoleAssignment.objects.get_or_create(
                reservation=reservation,
                user=reader_a,
                role="reservations_reader",
                defaults={"created_at": clock.now(frozen_a), "created_by": "test"},
            )

    order = buy(azure_customer, quantity=3)
    for _ in range(2):
        buy(azure_customer)
    clock_advance(partner=frozen_a, by=timedelta(days=3))  # utilization rows to average
    assign_all()
    agent, reader = arm_as(admin_agent_a), arm_as(reader_a)
    few = (_queries(agent, url(order)), _queries(reader, url(order)))
    for _ in range(9):
        buy(azure_customer)
    assign_all()
    many = (_queries(agent, url(order)), _queries(reader, url(order)))
    assert many == few, (few, many)
    with django_assert_max_num_queries(12):
        agent.get(url(order))
