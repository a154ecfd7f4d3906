"""The Customers list: search by name, domain or tenant id, filter by market, paging, query budget."""

import pytest
from django.urls import reverse

from customers.views import PAGE_SIZE
from tests.factories import CustomerFactory

LIST_URL = reverse("customers:list")


@pytest.fixture
def three_customers(partner_a):
    return {
        "rome": CustomerFactory(
            partner=partner_a, company_name="Colosseo Srl", domain="colosseo.onmicrosoft.com", market="IT"
        ),
        "austin": CustomerFactory(
            partner=partner_a, company_name="Lone Star LLC", domain="lonestar.onmicrosoft.com", market="US"
        ),
        "sydney": CustomerFactory(
            partner=partner_a,
            company_name="Harbour Pty",
            domain="opera-house.onmicrosoft.com",
            market="AU",
            state="NSW",
        ),
    }


def test_list_shows_each_customer_with_domain_and_market(client_as, admin_agent_a, three_customers):
    response = client_as(admin_agent_a).get(LIST_URL)

    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Colosseo Srl", "Lone Star LLC", "Harbour Pty"):
        assert name in page
    assert "lonestar.onmicrosoft.com" in page
    assert "Australia" in page
    assert "3 customers" in page


def test_search_by_company_name_is_case_insensitive(client_as, admin_agent_a, three_customers):
    page = client_as(admin_agent_a).get(LIST_URL, {"q": "colosseo"}).content.decode()

    assert "Colosseo Srl" in page
    assert "Lone Star LLC" not in page
    assert "1 customer" in page


def test_search_by_domain(client_as, admin_agent_a, three_customers):
    page = client_as(admin_agent_a).get(LIST_URL, {"q": "opera-house"}).content.decode()

    assert "Harbour Pty" in page
    assert "Colosseo Srl" not in page


def test_search_by_tenant_id(client_as, admin_agent_a, three_customers):
    tenant_id = three_customers["austin"].tenant_id

    page = client_as(admin_agent_a).get(LIST_URL, {"q": str(tenant_id)}).content.decode()

    assert "Lone Star LLC" in page
    assert "Colosseo Srl" not in page
    assert "Harbour Pty" not in page


def test_search_without_match_says_so(client_as, admin_agent_a, three_customers):
    page = client_as(admin_agent_a).get(LIST_URL, {"q": "nobody-here"}).content.decode()

    assert "No customers match." in page
    assert "0 customers" in page


def test_filter_by_market(client_as, admin_agent_a, three_customers):
    page = client_as(admin_agent_a).get(LIST_URL, {"market": "IT"}).content.decode()

    assert "Colosseo Srl" in page
    assert "Lone Star LLC" not in page
    assert "Harbour Pty" not in page


def test_search_and_market_filter_combine(client_as, admin_agent_a, three_customers):
    page = client_as(admin_agent_a).get(LIST_URL, {"q": "onmicrosoft", "market": "AU"}).content.decode()

    assert "Harbour Pty" in page
    assert "Colosseo Srl" not in page


def test_paging_shows_the_rest_on_page_two(client_as, admin_agent_a, partner_a):
    for n in range(PAGE_SIZE + 3):
        CustomerFactory(partner=partner_a, company_name=f"Paged {n:03d}")
    client = client_as(admin_agent_a)

    first = client.get(LIST_URL).content.decode()
    second = client.get(LIST_URL, {"page": 2}).content.decode()

    assert "Paged 000" in first and f"Paged {PAGE_SIZE - 1:03d}" in first
    assert f"Paged {PAGE_SIZE:03d}" not in first
    assert "Page 1 of 2" in first
    assert all(f"Paged {n:03d}" in second for n in range(PAGE_SIZE, PAGE_SIZE + 3))
    assert "Paged 000" not in second
    assert "Page 2 of 2" in second


def test_paging_keeps_the_search(client_as, admin_agent_a, partner_a):
    for n in range(PAGE_SIZE + 1):
        CustomerFactory(partner=partner_a, company_name=f"Match {n:03d}")
    CustomerFactory(partner=partner_a, company_name="Other")

    page = client_as(admin_agent_a).get(LIST_URL, {"q": "match"}).content.decode()

    assert "?q=match&amp;page=2" in page


def test_list_query_budget_does_not_grow_with_rows(client_as, admin_agent_a, partner_a, django_assert_max_num_queries):
    for _ in range(PAGE_SIZE):
        CustomerFactory(partner=partner_a)
    client = client_as(admin_agent_a)

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL, {"q": "customer", "market": "US"})

    assert response.status_code == 200
    assert f"{PAGE_SIZE} customers" in response.content.decode()


def test_detail_shows_company_and_billing_profile(client_as, admin_agent_a, customer_a):
    response = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer_a.tenant_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Alpha Srl" in page
    assert "alpha.onmicrosoft.com" in page
    assert str(customer_a.tenant_id) in page
    assert "Italy" in page
    assert "Ada Lovelace" in page
    assert "billing@customer.example" in page
    assert "20121 Milano (MI)" in page
    assert "Profile" in page


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["account_admin", "referral_admin", "marketing_content_admin"])
def test_roles_without_view_customers_get_403(client_as, make_user, role):
    response = client_as(make_user(role)).get(LIST_URL)

    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_unknown_market_filter_is_reported_and_the_search_still_applies(client_as, admin_agent_a, three_customers):
    response = client_as(admin_agent_a).get(LIST_URL, {"q": "colosseo", "market": "ZZ"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Market: Select a valid choice. ZZ is not one of the available choices." in page
    assert "Colosseo Srl" in page
    assert "Lone Star LLC" not in page
    assert "1 customer" in page


def test_too_long_search_is_reported_not_a_500(client_as, admin_agent_a, three_customers):
    response = client_as(admin_agent_a).get(LIST_URL, {"q": "x" * 101, "market": "IT"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Search: Ensure this value has at most 100 characters (it has 101)." in page
    assert "Colosseo Srl" in page
    assert "Lone Star LLC" not in page


@pytest.mark.parametrize("page_number", ["abc", "-1", "0", "999"])
def test_bad_page_number_shows_a_page_of_customers(client_as, admin_agent_a, three_customers, page_number):
    response = client_as(admin_agent_a).get(LIST_URL, {"page": page_number})

    assert response.status_code == 200
    assert "Colosseo Srl" in response.content.decode()


def test_market_filter_is_case_insensitive_in_the_selector(partner_a, three_customers):
    from customers.selectors import customer_list

    assert [c.company_name for c in customer_list(partner=partner_a, market="au")] == ["Harbour Pty"]


def test_detail_query_budget(client_as, admin_agent_a, customer_a, django_assert_max_num_queries):
    client = client_as(admin_agent_a)
    url = reverse("customers:detail", args=[customer_a.tenant_id])

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200


def test_detail_shows_the_tabs_other_apps_add_for_the_users_roles(client_as, admin_agent_a, customer_a):
    page = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer_a.tenant_id])).content.decode()

    tabs = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    assert 'class="active">Profile</a>' in tabs
    for label, url_name in (("Software", "software:customer_software"), ("Order history", "commerce:order_history")):
        assert f'<a href="{reverse(url_name, args=[customer_a.tenant_id])}" class="">{label}</a>' in tabs
