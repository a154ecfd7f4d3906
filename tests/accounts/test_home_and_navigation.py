"""Signing in lands every user on a page they may open; the menu links only to pages their roles open."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import CustomerUserFactory


@pytest.mark.parametrize("role", list(Role))
def test_every_role_lands_on_a_page_it_may_open(client_as, make_user, role):
    client = client_as(make_user(role))

    response = client.get(reverse("home"), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain, "home must redirect to the user's first page"


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.ADMIN_AGENT, "/customers/"),
        (Role.HELPDESK_AGENT, "/customers/"),
        (Role.REFERRAL_ADMIN, "/activity-log/"),
        (Role.MARKETING_CONTENT_ADMIN, "/activity-log/"),
    ],
)
def test_start_page_follows_the_roles(client_as, make_user, role, start):
    response = client_as(make_user(role)).get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(start)


def test_partner_user_without_roles_has_no_dashboard(client_as, make_user):
    assert client_as(make_user()).get(reverse("home")).status_code == 403


def test_anonymous_home_goes_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _menu(page: str) -> str:
    return page.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("role", [Role.ACCOUNT_ADMIN, Role.REFERRAL_ADMIN, Role.MARKETING_CONTENT_ADMIN])
def test_menu_hides_customers_from_roles_that_cannot_view_them(client_as, make_user, role):
    page = client_as(make_user(role)).get(reverse("home"), follow=True).content.decode()

    assert 'href="/customers/"' not in _menu(page)


def test_menu_shows_customers_to_a_helpdesk_agent_and_marks_it_active(client_as, helpdesk_agent_a):
    page = client_as(helpdesk_agent_a).get(reverse("customers:list")).content.decode()

    assert '<a href="/customers/" class="active">Customers</a>' in _menu(page)


def test_customer_user_menu_has_no_partner_pages(client_as, db):
    page = client_as(CustomerUserFactory()).get(reverse("home"), follow=True).content.decode()

    assert 'href="/customers/"' not in page


def _settings_menu(page: str) -> str:
    return page.split('<div class="settings-menu" data-menu>', 1)[1].split("</div>", 1)[0]


def test_the_activity_log_sits_in_the_gear_menu_not_the_top_bar(client_as, global_admin_a):
    page = client_as(global_admin_a).get(reverse("customers:list")).content.decode()

    menu = _settings_menu(page)
    assert 'href="/activity-log/"' not in _menu(page)
    assert '<button type="button" class="icon-button" aria-label="Settings"' in menu
    assert 'aria-controls="settings-menu"' in menu and 'aria-expanded="false"' in menu
    assert '<a href="/activity-log/">Activity log</a>' in menu
    assert "<script>" not in page and "onclick" not in page


def test_the_gear_menu_speaks_italian(client_as, global_admin_a):
    page = client_as(global_admin_a).get(reverse("customers:list"), headers={"accept-language": "it"})

    menu = _settings_menu(page.content.decode())
    assert 'aria-label="Impostazioni"' in menu and ">Log attività</a>" in menu


@pytest.mark.parametrize("role", [Role.ADMIN_AGENT, Role.SALES_AGENT, Role.HELPDESK_AGENT, Role.BILLING_ADMIN])
def test_no_gear_menu_without_a_page_behind_it(client_as, make_user, role):
    page = client_as(make_user(role)).get(reverse("home"), follow=True).content.decode()

    assert 'class="settings-menu"' not in page and 'href="/activity-log/"' not in page
