"""Back office: every reservation list opens, nothing is editable by hand, actions go through the services."""

from partnercenter.models import AuditRecord
from reservations import services
from reservations.models import Reservation, ReservationRoleAssignment

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
    assert not returned.counts_toward_cap and returned.credited_at is not None
    assert Reservation.objects.get(pk=returned.reservation_id).provisioning_state == ProvisioningState.CANCELLED
    bought = exchange.purchased_orders.get()
    assert bought.term == "P3Y" and exchange.purchases_total >= exchange.refunds_total
    credits = InvoiceLine.objects.filter(kind=LineKind.CREDIT, customer__partner=partner_a)
    assert {line.source: line.subtotal for line in credits} == {
        refund.credit_source: -refund.amount,
        returned.credit_source: -returned.amount,
    }
