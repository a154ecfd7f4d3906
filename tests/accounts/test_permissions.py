"""Every (role, capability) cell of accounts/permissions.py, asserted against a table written here.

The table is typed out by hand on purpose: deriving it from CAPABILITY_ROLES would make the test
agree with any change. Columns are the eight Partner Center roles; "Y" allows, "." denies.
When you add a capability, add its row here too.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import CustomerRole, Role
from accounts.permissions import (
    Capability,
    can_buy,
    can_cancel_purchase,
    can_decide_support_requests,
    can_file_support_request,
    can_get_software_artifacts,
    can_view_support_requests,
    capabilities_of,
    has_capability,
)
from tests.factories import CustomerUserFactory, UserFactory

COLUMNS = (
    Role.GLOBAL_ADMIN,
    Role.ACCOUNT_ADMIN,
    Role.BILLING_ADMIN,
    Role.ADMIN_AGENT,
    Role.SALES_AGENT,
    Role.HELPDESK_AGENT,
    Role.REFERRAL_ADMIN,
    Role.MARKETING_CONTENT_ADMIN,
)

# fmt: off
EXPECTED = {
    #                          global account billing admin  sales  helpdesk referral marketing
    "view_customers":          "Y      .       Y       Y      Y      Y        .       .",
    "add_customer":            "Y      .       .       Y      Y      .        .       .",
    "buy_software":            "Y      .       .       Y      .      .        .       .",
    "view_product_keys":       ".      .       .       Y      .      .        .       .",
    "cancel_purchase":         ".      .       .       Y      .      .        .       .",
    "view_activity_log":       "Y      Y       .       .      .      .        Y       Y",
    "view_billing":            "Y      .       Y       Y      .      .        .       .",
    "manage_api_credentials":  "Y      .       .       .      .      .        .       .",
    "use_simulation_clock":    "Y      .       .       Y      .      .        .       .",
    "buy_azure_plan":          "Y      .       .       Y      Y      .        .       .",
    "buy_reservations":        "Y      .       .       Y      Y      .        .       .",
    "view_reservations":       "Y      .       Y       Y      Y      Y        .       .",
    "manage_reservations":     "Y      .       .       Y      .      .        .       .",
    "view_own_software":       ".      .       .       .      .      .        .       .",  # customer side only
    "view_own_reservations":   ".      .       .       .      .      .        .       .",  # customer side only
    "file_support_request":    "Y      .       .       Y      .      Y        .       .",
    "view_support_requests":   "Y      .       .       Y      .      Y        .       .",
}
# fmt: on


def _cells():
    for capability, row in EXPECTED.items():
        marks = row.split()
        assert len(marks) == len(COLUMNS), f"row {capability!r} needs one mark per role"
        for role, mark in zip(COLUMNS, marks, strict=True):
            yield pytest.param(capability, role, mark == "Y", id=f"{capability}-{role.value}")


def test_the_table_covers_every_capability_and_role():
    assert set(EXPECTED) == {c.value for c in Capability}
    assert set(COLUMNS) == set(Role)


@pytest.mark.django_db
@pytest.mark.parametrize(("capability", "role", "allowed"), list(_cells()))
def test_role_capability_cell(capability, role, allowed):
    user = UserFactory(roles=[role])

    assert has_capability(user, Capability(capability)) is allowed
    assert (capability in capabilities_of(user)) is allowed


@pytest.mark.django_db
def test_several_roles_grant_the_union_of_their_capabilities():
    user = UserFactory(roles=[Role.HELPDESK_AGENT, Role.REFERRAL_ADMIN])

    assert has_capability(user, Capability.VIEW_CUSTOMERS)
    assert has_capability(user, Capability.VIEW_ACTIVITY_LOG)
    assert not has_capability(user, Capability.VIEW_PRODUCT_KEYS)


@pytest.mark.django_db
def test_partner_user_without_roles_has_no_capability():
    assert capabilities_of(UserFactory(roles=[])) == frozenset()


@pytest.mark.django_db
def test_operator_staff_has_no_partner_capability():
    operator = UserFactory(partner=None, is_staff=True, is_superuser=True)

    assert capabilities_of(operator) == frozenset()


@pytest.mark.django_db
def test_customer_global_admin_has_only_the_customer_side_capability():
    assert capabilities_of(CustomerUserFactory()) == frozenset({"view_own_software", "view_own_reservations"})


@pytest.mark.django_db
@pytest.mark.parametrize("role", [CustomerRole.BILLING_ADMIN, CustomerRole.USER])
def test_other_customer_users_only_read_the_reservations_they_hold_a_role_on(role):
    assert capabilities_of(CustomerUserFactory(customer_role=role)) == frozenset({"view_own_reservations"})


def test_anonymous_visitor_has_no_capability():
    assert all(not has_capability(AnonymousUser(), c) for c in Capability)


def test_buying_needs_the_product_types_capability_and_the_system_may_buy(make_user):
    assert can_buy(make_user(Role.ADMIN_AGENT), "software")
    assert not can_buy(make_user(Role.SALES_AGENT), "software")
    assert not can_buy(make_user(Role.ADMIN_AGENT), "a product type nobody may buy")
    assert can_buy(None, "software")
    assert can_buy(UserFactory(partner=None, is_staff=True), "reservation")  # the operator, as Microsoft support
    assert not can_buy(CustomerUserFactory(is_staff=True), "reservation")


@pytest.mark.django_db
def test_software_keys_and_links_are_for_admin_agents_and_the_customers_global_admin(make_user):
    assert can_get_software_artifacts(make_user(Role.ADMIN_AGENT))
    assert not any(can_get_software_artifacts(make_user(role)) for role in Role if role != Role.ADMIN_AGENT)
    assert can_get_software_artifacts(CustomerUserFactory(customer_role=CustomerRole.GLOBAL_ADMIN))
    assert not can_get_software_artifacts(CustomerUserFactory(customer_role=CustomerRole.BILLING_ADMIN))
    assert not can_get_software_artifacts(UserFactory(partner=None, is_staff=True))


@pytest.mark.django_db
def test_admin_agents_and_the_operators_back_office_cancel_purchases(make_user):
    assert can_cancel_purchase(make_user(Role.ADMIN_AGENT))
    assert not can_cancel_purchase(make_user(Role.GLOBAL_ADMIN))
    assert can_cancel_purchase(UserFactory(partner=None, is_staff=True))
    assert not can_cancel_purchase(CustomerUserFactory(is_staff=True))


@pytest.mark.django_db
def test_the_operators_back_office_buys_reservations_only_for_exchanges_it_approves(make_user):
    operator = UserFactory(partner=None, is_staff=True)

    assert can_buy(operator, "reservation")
    assert not can_buy(operator, "software")
    assert not can_buy(operator, "azure_plan")


@pytest.mark.django_db
def test_only_the_operators_back_office_decides_support_requests(make_user):
    staff_partner_user = make_user(Role.GLOBAL_ADMIN)
    staff_partner_user.is_staff = True

    assert can_decide_support_requests(UserFactory(partner=None, is_staff=True))
    assert can_view_support_requests(UserFactory(partner=None, is_staff=True))
    assert not can_decide_support_requests(staff_partner_user)
    assert not can_decide_support_requests(make_user(Role.HELPDESK_AGENT))
    assert not can_decide_support_requests(CustomerUserFactory(is_staff=True))
    assert can_file_support_request(make_user(Role.HELPDESK_AGENT))
