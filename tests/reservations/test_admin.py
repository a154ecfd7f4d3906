"""Back office: every reservation list opens, nothing is editable by hand, actions go through the services."""

import pytest

from billing.models import InvoiceLine
from commerce.models import Availability
from customers.models import Customer
from partnercenter.models import AuditRecord
from reservations import services
from reservations.models import Reservation, ReservationOrder, ReservationRoleAssignment
from tests.factories import CustomerFactory
from tests.reservation_fixtures import reservation_item

PAGES = (
    "azureplan",
    "azuresubscription",
    "reservationorder",
    "reservation",
    "reservationroleassignment",
    "utilizationday",
)


def test_lists_and_details_open_and_nothing_can_be_added(reservation_a, admin_client):
    for name in PAGES:
        assert admin_client.get(f"/admin/reservations/{name}/").status_code == 200, name
        assert admin_client.get(f"/admin/reservations/{name}/add/").status_code == 403, name
    page = admin_client.get(f"/admin/reservations/reservation/{reservation_a.pk}/change/").content.decode()
    assert str(reservation_a.reservation_id) in page and "Succeeded" in page
    assert 'name="display_name"' not in page  # read-only


def test_renew_action_uses_the_service(reservation_a, admin_client):
    admin_client.post(
        "/admin/reservations/reservation/", {"action": "renew_on", "_selected_action": [reservation_a.pk]}
    )
    reservation = Reservation.objects.get(pk=reservation_a.pk)
    assert (reservation.renew, reservation.etag) == (True, 2)
    assert AuditRecord.objects.get(operation_type="update_reservation").user_principal_name == "admin"


def test_remove_assignment_action(reservation_a, admin_client, admin_agent_a):
    assignment = services.role_assignment_add(
        reservation=reservation_a, actor=admin_agent_a, user_id=admin_agent_a.pk, role="reservations_reader"
    )
    admin_client.post(
        "/admin/reservations/reservationroleassignment/",
        {"action": "remove_assignments", "_selected_action": [assignment.pk]},
    )
    assert not ReservationRoleAssignment.objects.exists()


def test_demo_reservations_have_months_of_utilization_and_are_made_once(catalog, partner_a, make_user):
    from datetime import timedelta

    from demo.reservations import seed_reservation_roles, seed_reservations
    from partnercenter import clock
    from reservations.models import AzureSubscription, UtilizationDay
    from tests.factories import CustomerFactory

    make_user("sales_agent")
    for number, market in enumerate(["IT", "US", "GB"]):
        CustomerFactory(partner=partner_a, market=market, domain=f"demo{number}.onmicrosoft.com")

    made = seed_reservations(partner_a)

    assert made == 10 and seed_reservations(partner_a) == 0
    reservations = Reservation.objects.filter(partner=partner_a)
    assert {r.reserved_resource_type for r in reservations} >= {"VirtualMachines", "SqlDatabases", "CosmosDb"}
    assert {r.order.term for r in reservations} == {"P1Y", "P3Y"}
    assert {r.order.billing_plan for r in reservations} == {"Upfront", "Monthly"}
    # One, two and three Azure subscriptions.
    assert sorted(AzureSubscription.objects.values_list("friendly_name", flat=True)) == [
        "Analytics",
        "Development",
        "Development",
        "Production",
        "Production",
        "Production",
    ]
    oldest = reservations.order_by("order__purchased_at").first()
    yesterday = clock.now(partner_a).date() - timedelta(days=1)
    days = oldest.utilization_days.order_by("day")
    assert days.last().day == yesterday and days.count() >= 199
    assert UtilizationDay.objects.filter(reservation__partner=partner_a).count() > 1000
    assert seed_reservation_roles(partner_a) == 2 and seed_reservation_roles(partner_a) == 0


BUY = "/admin/reservations/reservationorder/buy/"


def _buy_form(customer, subscription, **changes) -> dict:
    item = reservation_item()
    availability = Availability.objects.get(availability_id=item.rsplit(":", 1)[-1])
    form = {
        "customer": customer.pk,
        "availability": availability.pk,
        "term": "1Year",
        "billing_plan": "Monthly",
        "quantity": 3,
        "azure_subscription": subscription.subscription_id,
        "scope": "Single",
        "display_name": "",
    }
    return {**form, **changes}


def test_the_reservation_orders_list_links_to_the_buy_form(admin_client, catalog):
    page = admin_client.get("/admin/reservations/reservationorder/").content.decode()
    assert BUY in page and "Buy Azure reservation" in page
    form = admin_client.get(BUY)
    assert form.status_code == 200 and 'name="azure_subscription"' in form.content.decode()


def test_an_operator_buys_a_reservation_for_a_customer(admin_client, customer_a, subscription_a):
    response = admin_client.post(BUY, _buy_form(customer_a, subscription_a))
    order = ReservationOrder.objects.get(customer=customer_a)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/reservations/reservationorder/{order.pk}/change/"
    reservation = order.reservations.get()
    assert (order.billing_plan, order.term, order.instalment_count, order.created_by) == ("Monthly", "P1Y", 12, "admin")
    assert (reservation.quantity, reservation.applied_scope_type, reservation.applied_subscription) == (
        3,
        "Single",
        subscription_a,
    )
    charges = InvoiceLine.objects.filter(customer=customer_a, source__contains=str(reservation.reservation_id))
    assert charges.count() == 1
    followed = admin_client.get(response["Location"]).content.decode()
    assert f"Reservation order {order.reservation_order_id} bought for Alpha Srl." in followed


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"quantity": 0}, "quantity", "must be a whole number from 1 to 1000"),
        ({"quantity": 1001}, "quantity", "must be a whole number from 1 to 1000"),
        ({"term": "3Years"}, "term", "Duration 3Years does not match"),
    ],
)
def test_refused_input_is_shown_on_its_field_and_nothing_is_bought(
    admin_client, customer_a, subscription_a, changes, field, message
):
    response = admin_client.post(BUY, _buy_form(customer_a, subscription_a, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ReservationOrder.objects.exists()


def test_a_subscription_of_another_customer_is_refused(admin_client, azure_plan, customer_a, plan_a, partner_a):
    neighbour = CustomerFactory(partner=partner_a, domain="neighbour.onmicrosoft.com", market="IT")
    foreign = azure_plan(neighbour).azure_subscriptions.get()
    response = admin_client.post(BUY, _buy_form(customer_a, foreign))
    errors = " ".join(response.context["form"].errors["azure_subscription"])
    assert "is not an active subscription of Alpha Srl" in errors
    assert not ReservationOrder.objects.exists()


def test_an_unavailable_market_is_refused(admin_client, azure_plan, customer_a, plan_a, partner_a):
    customer = CustomerFactory(partner=partner_a, domain="sanmarino.onmicrosoft.com", market="IT")
    subscription = azure_plan(customer).azure_subscriptions.get()
    Customer.objects.filter(pk=customer.pk).update(market="SM")
    response = admin_client.post(BUY, _buy_form(customer, subscription))
    assert "not available in San Marino (SM)" in " ".join(response.context["form"].errors["customer"])
    assert not ReservationOrder.objects.exists()


def test_a_missing_choice_is_a_form_error(admin_client, customer_a, subscription_a):
    response = admin_client.post(BUY, _buy_form(customer_a, subscription_a, quantity="", azure_subscription="nope"))
    assert set(response.context["form"].errors) == {"quantity", "azure_subscription"}
    assert not ReservationOrder.objects.exists()


def test_demo_refund_and_exchange_go_through_the_engine_once_with_their_credits(catalog, partner_a, make_user):
    from billing.models import InvoiceLine, LineKind
    from demo.reservations import seed_refunds_and_exchanges, seed_reservations
    from reservations.models import Exchange, ProvisioningState, Refund
    from tests.factories import CustomerFactory

    admin_agent = make_user("admin_agent")
    for number, market in enumerate(["IT", "US", "GB"]):
        CustomerFactory(partner=partner_a, market=market, domain=f"demo{number}.onmicrosoft.com")
    seed_reservations(partner_a)
    before = {r.pk: r.quantity for r in Reservation.objects.filter(partner=partner_a)}

    assert seed_refunds_and_exchanges(partner_a) == (1, 1)
    assert seed_refunds_and_exchanges(partner_a) == (0, 0)

    refund = Refund.objects.get(partner=partner_a, exchange__isnull=True)
    assert refund.counts_toward_cap and refund.quantity == 1 and refund.amount > 0
    assert refund.actor == admin_agent.username and refund.credited_at is not None
    assert Reservation.objects.get(pk=refund.reservation_id).quantity == before[refund.reservation_id] - 1
    exchange = Exchange.objects.get(partner=partner_a)
    returned = exchange.refunds.get()
    assert not returned.counts_toward_cap and returned.credited_at is not None and returned.amount > 0
    assert Reservation.objects.get(pk=returned.reservation_id).provisioning_state == ProvisioningState.CANCELLED
    bought = exchange.purchased_orders.get()
    assert bought.term == "P3Y" and exchange.purchases_total >= exchange.refunds_total
    credits = InvoiceLine.objects.filter(kind=LineKind.CREDIT, customer__partner=partner_a)
    assert {line.source: line.subtotal for line in credits} == {
        refund.credit_source: -refund.amount,
        returned.credit_source: -returned.amount,
    }
