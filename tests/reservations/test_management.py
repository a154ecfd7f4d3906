"""Configuration and access control: scope, name, renewal, flexibility, Azure Hybrid Benefit, role assignments."""

from datetime import timedelta

import pytest

from accounts.models import Role
from accounts.permissions import ReservationAccess, ReservationRole, reservation_access
from partnercenter.models import AuditRecord
from reservations import selectors, services
from reservations.errors import (
    InvalidDisplayName,
    InvalidScope,
    InvalidStateTransition,
    MissingSingleScopeSubscription,
    PrincipalNotFound,
    ReservationError,
    ReservationForbidden,
    ReservationOrderNotFound,
    RoleAssignmentExists,
    RoleAssignmentNotFound,
    SubscriptionNotOwned,
)
from reservations.models import ProvisioningState, Reservation
from simulation.services import clock_advance
from tests.factories import CustomerFactory, CustomerUserFactory
from tests.reservation_fixtures import reservation_item


@pytest.fixture
def second_subscription_a(customer_a, plan_a):
    return services.azure_subscription_add(customer=customer_a, actor=None, friendly_name="Second")


def test_scope_moves_between_shared_and_a_single_subscription(
    reservation_a, admin_agent_a, subscription_a, second_subscription_a
):
    single = services.reservation_update(
        reservation=reservation_a,
        actor=admin_agent_a,
        applied_scope_type="Single",
        applied_subscription_id=str(second_subscription_a.subscription_id),
    )
    assert (single.applied_scope_type, single.applied_subscription, single.etag) == ("Single", second_subscription_a, 2)
    moved = services.reservation_update(
        reservation=single, actor=admin_agent_a, applied_subscription_id=subscription_a.subscription_id
    )
    assert moved.applied_subscription == subscription_a and moved.etag == 3
    shared = services.reservation_update(reservation=moved, actor=admin_agent_a, applied_scope_type="shared")
    assert (shared.applied_scope_type, shared.applied_subscription, shared.etag) == ("Shared", None, 4)
    audit = AuditRecord.objects.filter(operation_type="update_reservation").order_by("id").last()
    assert '"applied_scope_type": "Single"' in audit.resource_old_value
    assert '"applied_scope_type": "Shared"' in audit.resource_new_value
    assert billing_unchanged(shared, subscription_a)


def billing_unchanged(reservation, subscription) -> bool:
    return Reservation.objects.get(pk=reservation.pk).billing_subscription == subscription


def test_scope_validation(reservation_a, admin_agent_a, partner_a, azure_plan):
    neighbour = CustomerFactory(partner=partner_a, domain="neighbour.onmicrosoft.com", market="IT")
    foreign = azure_plan(neighbour).azure_subscriptions.get()
    cases = [
        ({"applied_scope_type": "Single"}, MissingSingleScopeSubscription),
        ({"applied_scope_type": "Single", "applied_subscription_id": ""}, MissingSingleScopeSubscription),
        ({"applied_scope_type": "ManagementGroup"}, InvalidScope),
        ({"applied_scope_type": "Single", "applied_subscription_id": "nope"}, SubscriptionNotOwned),
        ({"applied_scope_type": "Single", "applied_subscription_id": foreign.subscription_id}, SubscriptionNotOwned),
        ({"display_name": ""}, InvalidDisplayName),
        ({"display_name": "<script>"}, InvalidDisplayName),
        ({"renew": "yes"}, ReservationError),
        ({"instance_flexibility": "Maybe"}, ReservationError),
    ]
    for changes, error in cases:
        with pytest.raises(error):
            services.reservation_update(reservation=reservation_a, actor=admin_agent_a, **changes)
    reservation_a.refresh_from_db()
    assert (reservation_a.applied_scope_type, reservation_a.etag) == ("Shared", 1)
    assert not AuditRecord.objects.filter(operation_type="update_reservation").exists()


def test_name_renewal_flexibility_and_hybrid_benefit(reservation_a, admin_agent_a):
    updated = services.reservation_update(
        reservation=reservation_a,
        actor=admin_agent_a,
        display_name="  web  front ",
        renew=True,
        instance_flexibility="Off",
        hybrid_benefit=True,
    )
    assert (updated.display_name, updated.renew, updated.instance_flexibility, updated.hybrid_benefit) == (
        "web front",
        True,
        "Off",
        True,
    )
    assert updated.etag == 2
    unchanged = services.reservation_update(reservation=updated, actor=admin_agent_a, renew=True)
    assert unchanged.etag == 2 and AuditRecord.objects.filter(operation_type="update_reservation").count() == 1


def test_hybrid_benefit_and_flexibility_are_for_virtual_machines_only(
    reserve, customer_a, subscription_a, admin_agent_a
):
    sql = reserve(customer_a, subscription_a, item=reservation_item("SQLDB_GP_Compute_Gen5"))
    for changes in ({"hybrid_benefit": True}, {"instance_flexibility": "Off"}):
        with pytest.raises(ReservationError):
            services.reservation_update(reservation=sql, actor=admin_agent_a, **changes)


def test_an_expired_reservation_cannot_be_changed(reservation_a, admin_agent_a, partner_a):
    clock_advance(partner=partner_a, to=reservation_a.order.expires_at + timedelta(hours=1))
    reservation_a.refresh_from_db()
    assert reservation_a.provisioning_state == ProvisioningState.EXPIRED
    with pytest.raises(InvalidStateTransition) as refused:
        services.reservation_update(reservation=reservation_a, actor=admin_agent_a, renew=True)
    assert refused.value.status == 409


# --- who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "assigned", "expected"),
    [
        ([Role.ADMIN_AGENT], [], ReservationAccess.OWNER),
        ([Role.GLOBAL_ADMIN], [], ReservationAccess.OWNER),
        ([Role.HELPDESK_AGENT], [], ReservationAccess.READ),
        ([Role.SALES_AGENT], [ReservationRole.ADMINISTRATOR], ReservationAccess.MANAGE),
        ([Role.BILLING_ADMIN], [ReservationRole.OWNER], ReservationAccess.OWNER),
        ([Role.HELPDESK_AGENT], [ReservationRole.READER], ReservationAccess.READ),
        ([Role.ACCOUNT_ADMIN], [], ReservationAccess.NONE),
        ([Role.ACCOUNT_ADMIN], [ReservationRole.READER], ReservationAccess.READ),
        ([Role.ADMIN_AGENT], [ReservationRole.READER], ReservationAccess.OWNER),
    ],
)
def test_access_combines_partner_roles_and_assignments(make_user, roles, assigned, expected):
    assert reservation_access(make_user(*roles), assigned_roles=[r.value for r in assigned]) == expected


def test_a_customer_user_has_only_what_is_assigned(customer_a):
    user = CustomerUserFactory(customer=customer_a)
    assert reservation_access(user) == ReservationAccess.NONE
    assert reservation_access(user, assigned_roles=["reservations_administrator"]) == ReservationAccess.MANAGE


def test_a_reader_reads_and_cannot_change(reservation_a, admin_agent_a, customer_a):
    reader = CustomerUserFactory(customer=customer_a)
    services.role_assignment_add(
        reservation=reservation_a, actor=admin_agent_a, user_id=reader.pk, role="reservations_reader"
    )
    seen = selectors.reservation_get(user=reader, reservation_id=reservation_a.reservation_id)
    assert selectors.access_of(reader, seen) == ReservationAccess.READ
    for change in ({"renew": True}, {"display_name": "mine"}, {"applied_scope_type": "Shared"}):
        with pytest.raises(ReservationForbidden) as refused:
            services.reservation_update(reservation=seen, actor=reader, **change)
        assert refused.value.status == 403
    with pytest.raises(ReservationForbidden):
        services.role_assignment_add(reservation=seen, actor=reader, user_id=reader.pk, role="owner")
    reservation_a.refresh_from_db()
    assert (reservation_a.renew, reservation_a.etag) == (False, 1)


def test_removing_an_assignment_takes_effect_at_once(reservation_a, admin_agent_a, customer_a):
    reader = CustomerUserFactory(customer=customer_a)
    assignment = services.role_assignment_add(
        reservation=reservation_a, actor=admin_agent_a, user_id=reader.pk, role="reservations_reader"
    )
    assert [r.pk for r in selectors.reservation_list(user=reader)] == [reservation_a.pk]

    services.role_assignment_remove(
        reservation=reservation_a, actor=admin_agent_a, assignment_id=assignment.assignment_id
    )

    assert list(selectors.reservation_list(user=reader)) == []
    with pytest.raises(Exception, match="No such reservation"):
        selectors.reservation_get(user=reader, reservation_id=reservation_a.reservation_id)
    operations = list(
        AuditRecord.objects.filter(resource_type="azure_reservation").values_list("operation_type", flat=True)
    )
    assert "add_reservation_role" in operations and "remove_reservation_role" in operations


def test_an_administrator_assignment_lets_a_helpdesk_agent_manage(reservation_a, admin_agent_a, helpdesk_agent_a):
    seen = selectors.reservation_get(user=helpdesk_agent_a, reservation_id=reservation_a.reservation_id)
    with pytest.raises(ReservationForbidden):
        services.reservation_update(reservation=seen, actor=helpdesk_agent_a, renew=True)
    services.role_assignment_add(
        reservation=reservation_a, actor=admin_agent_a, user_id=helpdesk_agent_a.pk, role="reservations_administrator"
    )
    seen = selectors.reservation_get(user=helpdesk_agent_a, reservation_id=reservation_a.reservation_id)
    assert services.reservation_update(reservation=seen, actor=helpdesk_agent_a, renew=True).renew is True
    with pytest.raises(ReservationForbidden):  # managing is not granting access
        services.role_assignment_add(reservation=seen, actor=helpdesk_agent_a, user_id=admin_agent_a.pk, role="owner")


def test_assignment_rules(reservation_a, admin_agent_a, admin_agent_b, customer_b, partner_a):
    outsider = CustomerUserFactory(customer=customer_b)
    for user_id in (admin_agent_b.pk, outsider.pk, "abc", None, 10**9):
        with pytest.raises(PrincipalNotFound):
            services.role_assignment_add(
                reservation=reservation_a, actor=admin_agent_a, user_id=user_id, role="reservations_reader"
            )
    with pytest.raises(ReservationError):
        services.role_assignment_add(
            reservation=reservation_a, actor=admin_agent_a, user_id=admin_agent_a.pk, role="god"
        )
    services.role_assignment_add(reservation=reservation_a, actor=admin_agent_a, user_id=admin_agent_a.pk, role="owner")
    with pytest.raises(RoleAssignmentExists) as duplicate:
        services.role_assignment_add(
            reservation=reservation_a, actor=admin_agent_a, user_id=admin_agent_a.pk, role="owner"
        )
    assert duplicate.value.status == 409
    for assignment_id in ("not-a-uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"):
        with pytest.raises(RoleAssignmentNotFound):
            services.role_assignment_remove(reservation=reservation_a, actor=admin_agent_a, assignment_id=assignment_id)
    assert reservation_a.role_assignments.count() == 1


def test_reservations_of_another_partner_are_not_found(reservation_a, admin_agent_b, customer_a):
    assert list(selectors.reservation_list(user=admin_agent_b)) == []
    with pytest.raises(Exception, match="No such reservation"):
        selectors.reservation_get(user=admin_agent_b, reservation_id=reservation_a.reservation_id)
    with pytest.raises(ReservationOrderNotFound, match=f"'{reservation_a.order.reservation_order_id}' was not found"):
        selectors.reservation_order_get(
            user=admin_agent_b, reservation_order_id=reservation_a.order.reservation_order_id
        )
    other_customer_user = CustomerUserFactory(customer=CustomerFactory(partner=customer_a.partner))
    assert list(selectors.reservation_list(user=other_customer_user)) == []


def test_refusals_speak_italian(reservation_a, admin_agent_a):
    from django.utils import translation

    with translation.override("it"), pytest.raises(MissingSingleScopeSubscription) as refused:
        services.reservation_update(
            reservation=reservation_a, actor=admin_agent_a, applied_scope_type="Single", applied_subscription_id=""
        )
    assert refused.value.description == (
        "Un ambito singolo richiede la sottoscrizione di Azure a cui si applica la prenotazione."
    )


def test_list_reads_take_the_same_queries_for_many_reservations(
    reserve, customer_a, subscription_a, helpdesk_agent_a, django_assert_max_num_queries
):
    from datetime import date

    def read_all():
        rows = list(selectors.reservation_list(user=helpdesk_agent_a, customer=customer_a))
        access = [selectors.access_of(helpdesk_agent_a, r) for r in rows]
        averages = selectors.utilization_averages(reservation_ids=[r.pk for r in rows], as_of=date(2030, 2, 1))
        orders = [len(o.reservations.all()) for o in selectors.reservation_order_list(user=helpdesk_agent_a)]
        return rows, access, averages, orders

    reserve(customer_a, subscription_a)
    with django_assert_max_num_queries(20) as few:
        read_all()
    for _ in range(8):
        reserve(customer_a, subscription_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows, access, _averages, orders = read_all()
    assert len(rows) == 9 and set(access) == {ReservationAccess.READ} and orders == [1] * 9
