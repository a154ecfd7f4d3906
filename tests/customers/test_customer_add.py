"""Add customer: success with the partner clock's time, and one bad-input test per field rule."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from customers.models import Customer
from partnercenter.clock import clock_freeze
from simulation.services import clock_advance
from tests.factories import CustomerFactory

ADD_URL = reverse("customers:add")


def valid_data(**overrides):
    data = {
        "company_name": "Gamma SpA",
        "domain": "gamma.onmicrosoft.com",
        "market": "IT",
        "relationship_to_partner": "reseller",
        "first_name": "Giulia",
        "last_name": "Bianchi",
        "email": "fatture@gamma.example",
        "phone_number": "+39 02 1234 5678",
        "culture": "it-IT",
        "language": "it",
        "address_line1": "Via Dante 1",
        "address_line2": "",
        "city": "Milano",
        "state": "MI",
        "postal_code": "20121",
        "organization_registration_number": "",
    }
    data.update(overrides)
    return data


def post_bad(client, expected_field, expected_error, **overrides):
    """Post the form with one bad field; assert the error is shown on that field and nothing was created."""
    before = Customer.objects.count()

    response = client.post(ADD_URL, valid_data(**overrides))

    assert response.status_code == 400
    assert any(expected_error in error for error in response.context["form"].errors[expected_field])
    assert expected_error in response.content.decode()
    assert Customer.objects.count() == before
    return response


def test_add_page_shows_the_form(client_as, admin_agent_a):
    page = client_as(admin_agent_a).get(ADD_URL).content.decode()

    assert "Add customer" in page
    assert 'name="domain"' in page


def test_add_customer_redirects_to_detail_with_the_data(client_as, admin_agent_a, partner_a):
    client = client_as(admin_agent_a)

    response = client.post(ADD_URL, valid_data())

    customer = Customer.objects.get(domain="gamma.onmicrosoft.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("customers:detail", args=[customer.tenant_id])
    assert customer.partner == partner_a
    page = client.get(response["Location"]).content.decode()
    assert "Customer Gamma SpA was added." in page
    assert "Gamma SpA" in page
    assert "gamma.onmicrosoft.com" in page
    assert "Giulia Bianchi" in page
    assert "Via Dante 1" in page
    assert "Italy" in page


def test_created_at_comes_from_the_partner_clock(client_as, admin_agent_a, partner_a):
    clock_freeze(partner=partner_a)
    clock_advance(partner=partner_a, to=datetime(2031, 3, 14, 9, 26, tzinfo=UTC))

    client_as(admin_agent_a).post(ADD_URL, valid_data())

    customer = Customer.objects.get(domain="gamma.onmicrosoft.com")
    assert customer.created_at == datetime(2031, 3, 14, 9, 26, tzinfo=UTC)
    page = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer.tenant_id])).content.decode()
    assert "March 14, 2031" in page


def test_domain_is_stored_lower_case(client_as, admin_agent_a):
    client_as(admin_agent_a).post(ADD_URL, valid_data(domain="  Gamma-Two.OnMicrosoft.com "))

    assert Customer.objects.filter(domain="gamma-two.onmicrosoft.com").exists()


def test_sales_agent_may_add(client_as, make_user):
    response = client_as(make_user(Role.SALES_AGENT)).post(ADD_URL, valid_data())

    assert response.status_code == 302


@pytest.mark.parametrize(
    "role",
    [Role.HELPDESK_AGENT, Role.BILLING_ADMIN, Role.ACCOUNT_ADMIN, Role.REFERRAL_ADMIN, Role.MARKETING_CONTENT_ADMIN],
)
def test_roles_without_add_customer_get_403(client_as, make_user, role):
    client = client_as(make_user(role))

    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, valid_data()).status_code == 403
    assert not Customer.objects.exists()


def test_list_offers_add_button_only_to_roles_that_may_add(client_as, admin_agent_a, helpdesk_agent_a, client):
    assert "Add customer" in client_as(admin_agent_a).get(reverse("customers:list")).content.decode()
    client.logout()
    assert "Add customer" not in client_as(helpdesk_agent_a).get(reverse("customers:list")).content.decode()


@pytest.mark.parametrize(
    "field",
    [
        "company_name",
        "domain",
        "market",
        "first_name",
        "last_name",
        "email",
        "address_line1",
        "city",
        "postal_code",
        "culture",
        "language",
    ],
)
def test_missing_required_field(client_as, admin_agent_a, field):
    post_bad(client_as(admin_agent_a), field, "This field is required.", **{field: ""})


@pytest.mark.parametrize(
    "domain",
    [
        "gamma.com",
        "gamma.onmicrosoft.com.evil",
        "-gamma.onmicrosoft.com",
        "gam ma.onmicrosoft.com",
        "ga_mma.onmicrosoft.com",
    ],
)
def test_bad_domain(client_as, admin_agent_a, domain):
    post_bad(client_as(admin_agent_a), "domain", "Enter a domain like contoso.onmicrosoft.com", domain=domain)


def test_duplicate_domain_is_refused_whatever_the_case(client_as, admin_agent_a, partner_b):
    CustomerFactory(partner=partner_b, domain="gamma.onmicrosoft.com")

    post_bad(
        client_as(admin_agent_a), "domain", "Customer with this Domain already exists.", domain="GAMMA.onmicrosoft.com"
    )


@pytest.mark.parametrize("email", ["not-an-email", "a@", "@gamma.example"])
def test_bad_email(client_as, admin_agent_a, email):
    post_bad(client_as(admin_agent_a), "email", "Enter a valid email address.", email=email)


@pytest.mark.parametrize("postal_code", ["2", "!20121", "20121#"])
def test_bad_postal_code(client_as, admin_agent_a, postal_code):
    post_bad(client_as(admin_agent_a), "postal_code", "Enter a valid postal code.", postal_code=postal_code)


@pytest.mark.parametrize("phone", ["12345", "call me", "+39 02 12345 ext 7"])
def test_bad_phone(client_as, admin_agent_a, phone):
    post_bad(client_as(admin_agent_a), "phone_number", "Enter a valid phone number.", phone_number=phone)


@pytest.mark.parametrize("market", ["XX", "Italy", "ITA"])
def test_unknown_market(client_as, admin_agent_a, market):
    post_bad(client_as(admin_agent_a), "market", "Select a valid choice.", market=market)


@pytest.mark.parametrize("market", ["US", "CA", "AU", "BR"])
def test_state_required_in_markets_with_states(client_as, admin_agent_a, market):
    post_bad(client_as(admin_agent_a), "state", "This market requires a state or province.", market=market, state="")


def test_state_is_optional_elsewhere(client_as, admin_agent_a):
    response = client_as(admin_agent_a).post(ADD_URL, valid_data(market="DE", state="", postal_code="10115"))

    assert response.status_code == 302


@pytest.mark.parametrize("market", ["AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA"])
def test_registration_number_required_in_cis_and_hungary(client_as, admin_agent_a, market):
    post_bad(
        client_as(admin_agent_a),
        "organization_registration_number",
        "This market requires an organization registration number.",
        market=market,
        organization_registration_number="",
    )


@pytest.mark.parametrize("market", ["HU", "RU"])
def test_phone_required_in_cis_and_hungary(client_as, admin_agent_a, market):
    post_bad(
        client_as(admin_agent_a),
        "phone_number",
        "This market requires a phone number.",
        market=market,
        phone_number="",
        organization_registration_number="01-09-562739",
    )


def test_hungary_with_registration_number_and_phone_is_accepted(client_as, admin_agent_a):
    data = valid_data(market="HU", state="", postal_code="1051", organization_registration_number="01-09-562739")

    response = client_as(admin_agent_a).post(ADD_URL, data)

    assert response.status_code == 302
    assert Customer.objects.get().organization_registration_number == "01-09-562739"


@pytest.mark.parametrize(
    ("field", "value"), [("culture", "xx-XX"), ("language", "kl"), ("relationship_to_partner", "owner")]
)
def test_bad_choice(client_as, admin_agent_a, field, value):
    post_bad(client_as(admin_agent_a), field, "Select a valid choice.", **{field: value})


def test_too_long_company_name(client_as, admin_agent_a):
    post_bad(
        client_as(admin_agent_a),
        "company_name",
        "Ensure this value has at most 200 characters (it has 201).",
        company_name="x" * 201,
    )


def test_add_page_says_the_market_rules_before_submitting(client_as, admin_agent_a):
    page = client_as(admin_agent_a).get(ADD_URL).content.decode()

    assert 'aria-describedby="id_domain_helptext"' in page
    assert 'id="id_domain_helptext">For example contoso.onmicrosoft.com. It cannot be changed later.' in page
    assert "Required in the United States, Canada, Australia and Brazil." in page
    assert "Required, with a phone number, in Armenia" in page
