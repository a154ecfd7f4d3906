"""Customer-side users hold a Microsoft 365 role; a wrong combination is a form error, never a database error."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import CustomerRole, User
from accounts.services import customer_user_create
from tests.factories import CustomerFactory, PartnerFactory


@pytest.mark.django_db
def test_a_customer_user_is_created_with_the_role_asked_for(customer_a):
    user = customer_user_create(
        customer=customer_a,
        username="ap@alpha.example",
        email="ap@alpha.example",
        password="a-long-pass-2026",
        role=CustomerRole.BILLING_ADMIN,
    )

    assert (user.customer, user.customer_role) == (customer_a, "billing_admin")


@pytest.mark.django_db
def test_an_unknown_customer_role_is_refused(customer_a):
    with pytest.raises(ValueError, match="is not a valid CustomerRole"):
        customer_user_create(
            customer=customer_a, username="x@alpha.example", email="x@alpha.example", password="p", role="owner"
        )

    assert not User.objects.filter(username="x@alpha.example").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("side", "role", "message"),
    [
        ("customer", "", "A customer-side user needs a customer role."),
        ("partner", CustomerRole.GLOBAL_ADMIN, "Only customer-side users have a customer role."),
    ],
)
def test_a_role_on_the_wrong_side_is_a_validation_error(side, role, message):
    user = User(username="someone@example.test", customer_role=role)
    if side == "customer":
        user.customer = CustomerFactory()
    else:
        user.partner = PartnerFactory()
    user.set_unusable_password()

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert error.value.message_dict["customer_role"] == [message]
