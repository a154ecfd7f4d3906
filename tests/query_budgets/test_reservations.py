"""Reservations: the reservations tab, the refunds tab, a reservation's access control page, the Azure plan's
subscriptions and reservedInstance entitlements on /v1, and the /azure list routes, at 10 and 500 rows."""

from django.contrib.auth.hashers import make_password
from django.urls import reverse

from accounts.models import Role, User
from partnercenter import clock
from reservations.models import AzureSubscription, ReservationRoleAssignment
from reservations.services.refunds import refund_quote, reservation_return
from tests.azure_api import API
from tests.factories import PASSWORD
from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import clone, reservations_like


def _a_page(response, rows):
    assert response.json()["totalCount"] == min(rows, 100)


def test_reservations_tab(client_as, admin_agent_a, customer_a, reservation_a):
    reservations_like(reservation_a, SMALL - 1)
    client = client_as(admin_agent_a)

    def lists_every_reservation(response, rows):
        assert response.content.decode().count("<tr data-reservation=") == rows

    assert_budget(
        lambda: client.get(reverse("reservations:customer_reservations", args=[customer_a.tenant_id])),
        grow=lambda: reservations_like(reservation_a, LARGE - SMALL),
        queries=10,  # the last one: the customer's refund limit used and left
        check=lists_every_reservation,
    )


def test_refunds_tab(client_as, admin_agent_a, customer_a, reservation_a):
    quote = refund_quote(reservation=reservation_a, actor=admin_agent_a, quantity=1)
    refund = reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)

    def add_refunds(count):
        reservations = reservations_like(reservation_a, count)
        clone(
            refund,
            count,
            reservation_id=lambda i: reservations[i].pk,
            credit_source=lambda i: f"budget:{reservations[i].pk}",
        )

    add_refunds(SMALL - 1)
    client = client_as(admin_agent_a)

    def lists_the_latest_hundred(response, rows):
        assert response.content.decode().count(reservation_a.display_name) >= min(rows, 100)

    assert_budget(
        lambda: client.get(reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])),
        grow=lambda: add_refunds(LARGE - SMALL),
        queries=9,
        check=lists_the_latest_hundred,
    )


def test_access_control_page(client_as, admin_agent_a, partner_a, customer_a, reservation_a):
    password = make_password(PASSWORD)
    made = []

    def assign_readers(count):
        first = len(made)
        users = User.objects.bulk_create(
            User(username=f"reader{first + i}@partner.example", partner=partner_a, password=password)
            for i in range(count)
        )
        made.extend(users)
        ReservationRoleAssignment.objects.bulk_create(
            ReservationRoleAssignment(
                reservation=reservation_a,
                user=user,
                role="reservations_reader",
                created_at=clock.now(partner_a),
                created_by="test",
            )
            for user in users
        )

    assign_readers(SMALL)
    client = client_as(admin_agent_a)

    def lists_every_assignment(response, rows):
        assert response.content.decode().count("<tr data-assignment=") >= rows

    assert_budget(
        lambda: client.get(reverse("reservations:access", args=[customer_a.tenant_id, reservation_a.reservation_id])),
        grow=lambda: assign_readers(LARGE - SMALL),
        queries=9,
        check=lists_every_assignment,
    )


def test_azure_entitlements_endpoint(app_api, customer_a, subscription_a):
    made = [0]

    def add_subscriptions(count):
        clone(subscription_a, count, friendly_name=lambda i: f"Subscription {made[0] + i}")
        made[0] += count

    add_subscriptions(SMALL - 1)
    plan = subscription_a.plan
    assert AzureSubscription.objects.filter(plan=plan).count() == SMALL
    assert_budget(
        lambda: app_api.get(
            f"/v1/customers/{customer_a.tenant_id}/subscriptions/{plan.subscription_id}/azureEntitlements"
        ),
        grow=lambda: add_subscriptions(LARGE - SMALL),
        queries=4,
        check=_a_page,
    )


def test_reserved_instance_entitlements_endpoint(api_as, admin_agent_a, customer_a, reservation_a):
    reservations_like(reservation_a, SMALL - 1)
    api = api_as(admin_agent_a)
    assert_budget(
        lambda: api.get(f"/v1/customers/{customer_a.tenant_id}/entitlements?entitlementType=reservedInstance"),
        grow=lambda: reservations_like(reservation_a, LARGE - SMALL),
        queries=5,
        check=_a_page,
    )


def _base(customer) -> str:
    return f"/azure/{customer.tenant_id}/providers/Microsoft.Capacity/reservationOrders"


def _an_arm_page(response, rows):
    assert len(response.json()["value"]) == min(rows, 100)


def test_azure_reservation_orders(settings, arm_api, customer_a, reservation_a):
    settings.AZURE_API_PAGE_SIZE = 100
    reservations_like(reservation_a, SMALL - 1)
    assert_budget(
        lambda: arm_api.get(f"{_base(customer_a)}?{API}"),
        grow=lambda: reservations_like(reservation_a, LARGE - SMALL),
        queries=4,
        check=_an_arm_page,
    )


def test_azure_reservations_of_an_order(settings, arm_as, make_user, customer_a, reservation_a):
    settings.AZURE_API_PAGE_SIZE = 100
    reservations_like(reservation_a, SMALL - 1, same_order=True)
    api = arm_as(make_user(Role.ADMIN_AGENT))
    assert_budget(
        lambda: api.get(f"{_base(customer_a)}/{reservation_a.order.reservation_order_id}/reservations?{API}"),
        grow=lambda: reservations_like(reservation_a, LARGE - SMALL, same_order=True),
        queries=9,
        check=_an_arm_page,
    )
