"""The operator's back office for partners, users and customers: what may and may not be edited by hand."""

import pytest

from accounts.models import Role, User
from customers.admin import CustomerAdmin
from customers.models import Customer
from customers.services import CUSTOMER_FIELDS
from tests.factories import UserFactory


@pytest.fixture
def operator(db):
    return UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True)


def test_partner_clock_and_identity_are_read_only(client_as, operator, partner_a):
    page = client_as(operator).get(f"/admin/accounts/partner/{partner_a.pk}/change/").content.decode()

    assert str(partner_a.tenant_id) in page
    for field in ("clock_offset", "clock_frozen_at", "tenant_id", "created_at"):
        assert f'name="{field}"' not in page
    assert 'name="name"' in page


def test_partner_list_searches_by_mpn_id(client_as, operator, partner_a, partner_b):
    page = client_as(operator).get("/admin/accounts/partner/", {"q": partner_b.mpn_id}).content.decode()

    assert partner_b.name in page
    assert partner_a.name not in page


def test_customer_identity_and_market_are_read_only(client_as, operator, customer_a):
    page = client_as(operator).get(f"/admin/customers/customer/{customer_a.pk}/change/").content.decode()

    for field in ("tenant_id", "partner", "domain", "market", "created_at"):
        assert f'name="{field}"' not in page
    assert "alpha.onmicrosoft.com" in page
    assert 'name="company_name"' in page


def _customer_form(customer, **overrides):
    """The admin change form as posted: every profile field the admin leaves editable."""
    editable = [field for field in CUSTOMER_FIELDS if field not in CustomerAdmin.readonly_fields]
    data = {field: getattr(customer, field) for field in editable}
    data.update(overrides)
    return data


def test_operator_corrects_a_customer_address(client_as, operator, customer_a):
    url = f"/admin/customers/customer/{customer_a.pk}/change/"

    response = client_as(operator).post(url, _customer_form(customer_a, city="Torino", postal_code="10121"))

    assert response.status_code == 302
    customer_a.refresh_from_db()
    assert (customer_a.city, customer_a.postal_code, str(customer_a.market)) == ("Torino", "10121", "IT")


def test_admin_edit_keeps_the_market_rules(client_as, operator, customer_b):
    """customer_b is in the United States, where the state is required: the admin form says so."""
    url = f"/admin/customers/customer/{customer_b.pk}/change/"

    response = client_as(operator).post(url, _customer_form(customer_b, state="", postal_code="!!"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "This market requires a state or province." in page
    assert "Enter a valid postal code." in page
    assert Customer.objects.get(pk=customer_b.pk).state == customer_b.state


def test_user_cannot_be_both_partner_and_customer_side(client_as, operator, partner_a, customer_a):
    user = UserFactory(partner=partner_a, roles=[Role.SALES_AGENT])
    url = f"/admin/accounts/user/{user.pk}/change/"
    data = {
        "username": user.username,
        "email": user.email,
        "partner": partner_a.pk,
        "customer": customer_a.pk,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }

    response = client_as(operator).post(url, data)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert User.objects.get(pk=user.pk).customer_id is None


def test_user_list_filters_by_role(client_as, operator, make_user):
    seller = make_user(Role.SALES_AGENT)
    biller = make_user(Role.BILLING_ADMIN)

    response = client_as(operator).get("/admin/accounts/user/", {"roles__role__exact": Role.SALES_AGENT.value})

    assert list(response.context["cl"].result_list) == [seller]
    assert biller.username not in response.content.decode()
