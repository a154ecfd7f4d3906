"""Tenancy: partner A never sees partner B's customers; only operator staff enter the Django admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role
from tests.factories import CustomerFactory, CustomerUserFactory, PartnerFactory, UserFactory


def test_list_shows_only_own_customers(client_as, admin_agent_a, customer_a, customer_b):
    page = client_as(admin_agent_a).get(reverse("customers:list")).content.decode()

    assert "Alpha Srl" in page
    assert "Beta Inc" not in page
    assert "beta.onmicrosoft.com" not in page


@pytest.mark.parametrize("search", ["Beta", "beta.onmicrosoft.com", "tenant"])
def test_search_never_finds_another_partners_customer(client_as, admin_agent_a, customer_a, customer_b, search):
    query = str(customer_b.tenant_id) if search == "tenant" else search

    page = client_as(admin_agent_a).get(reverse("customers:list"), {"q": query}).content.decode()

    assert "Beta Inc" not in page
    assert "0 customers" in page


def test_market_filter_never_shows_another_partners_customer(client_as, admin_agent_a, customer_b):
    page = client_as(admin_agent_a).get(reverse("customers:list"), {"market": "US"}).content.decode()

    assert "Beta Inc" not in page


def test_detail_of_another_partners_customer_is_404(client_as, admin_agent_a, customer_b):
    response = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer_b.tenant_id]))

    assert response.status_code == 404
    assert "Beta Inc" not in response.content.decode()


def test_detail_of_unknown_tenant_is_404(client_as, admin_agent_a):
    response = client_as(admin_agent_a).get("/customers/00000000-0000-0000-0000-000000000000/")

    assert response.status_code == 404


def test_customer_created_lands_in_own_partner_only(client_as, admin_agent_b, customer_a):
    page = client_as(admin_agent_b).get(reverse("customers:list")).content.decode()

    assert "Alpha Srl" not in page


@pytest.mark.parametrize("path", ["/admin/", "/admin/customers/customer/", "/admin/accounts/partner/"])
def test_partner_users_get_403_on_admin(client_as, make_user, path):
    user = make_user(Role.GLOBAL_ADMIN, Role.ADMIN_AGENT)
    user.is_staff = True  # even a staff flag set by mistake does not open the back office
    user.save(update_fields=["is_staff"])

    response = client_as(user).get(path)

    assert response.status_code == 403


def test_customer_users_get_403_on_admin(client_as, db):
    response = client_as(CustomerUserFactory()).get("/admin/")

    assert response.status_code == 403


def test_customer_users_land_on_their_own_software_and_never_on_partner_pages(client_as, db):
    client = client_as(CustomerUserFactory())

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == "/my/software/"
    assert client.get(reverse("customers:list")).status_code == 403


@pytest.fixture
def operator(db):
    return UserFactory(partner=None, username="ops@simulator.example", is_staff=True, is_superuser=True)


def _registered_models():
    return sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


@pytest.mark.parametrize("label", _registered_models())
def test_operator_opens_every_changelist_and_searches(client_as, operator, customer_a, admin_agent_a, label):
    app_label, model_name = label.split(".")
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    client = client_as(operator)

    assert client.get(url).status_code == 200
    if model_admin.search_fields:
        assert client.get(url, {"q": "alpha"}).status_code == 200


def test_operator_finds_customers_by_domain_in_admin(client_as, operator, customer_a, customer_b):
    page = client_as(operator).get("/admin/customers/customer/", {"q": "alpha.onmicrosoft"}).content.decode()

    assert "Alpha Srl" in page
    assert "Beta Inc" not in page


def test_operator_sees_customer_change_page_with_read_only_tenant(client_as, operator, customer_a):
    page = client_as(operator).get(f"/admin/customers/customer/{customer_a.pk}/change/").content.decode()

    assert str(customer_a.tenant_id) in page
    assert 'name="tenant_id"' not in page


def test_operator_sees_partner_users_with_roles(client_as, operator, make_user):
    make_user(Role.SALES_AGENT)

    page = client_as(operator).get("/admin/accounts/user/").content.decode()

    assert "Sales agent" in page


def test_operator_cannot_add_customers_by_hand(client_as, operator):
    assert client_as(operator).get("/admin/customers/customer/add/").status_code == 403


def test_home_sends_operator_to_admin_and_partner_to_customers(client_as, operator, admin_agent_a, client):
    assert client_as(operator).get(reverse("home"))["Location"] == reverse("admin:index")
    client.logout()
    assert client_as(admin_agent_a).get(reverse("home"))["Location"] == reverse("customers:list")


def test_other_partner_customers_in_search_by_shared_name(client_as, partner_a, partner_b, admin_agent_a):
    CustomerFactory(partner=partner_a, company_name="Shared Name A")
    CustomerFactory(partner=partner_b, company_name="Shared Name B")
    CustomerFactory(partner=PartnerFactory(), company_name="Shared Name C")

    page = client_as(admin_agent_a).get(reverse("customers:list"), {"q": "shared name"}).content.decode()

    assert "Shared Name A" in page
    assert "Shared Name B" not in page
    assert "Shared Name C" not in page
    assert "1 customer" in page
