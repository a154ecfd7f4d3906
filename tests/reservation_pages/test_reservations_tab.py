"""The customer's Azure reservations tab: the columns Partner Center shows, the Actions, the 30-day utilization,
Azure Hybrid Benefit, the Resources help page, roles, tenancy and a query budget constant in the reservations."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from commerce.models import LineStatus
from reservations.models import UtilizationDay
from simulation.services import clock_advance
from tests.reservation_pages.conftest import D2S_WEU_1Y
from tests.software_purchases import ONE_YEAR, PERPETUAL, THREE_YEARS, WS_DATACENTER

WS_STANDARD = "DG7GMGF0D5RK"
COSMOS_WEU_3Y = ("CosmosDb", "Cosmos_DB_100_RUs", "westeurope", "P3Y")


def tab_url(customer):
    return reverse("reservations:customer_reservations", args=[customer.tenant_id])


def row_of(text: str, reservation) -> str:
    start = text.index(f'<tr data-reservation="{reservation.reservation_id}">')
    return text[start : text.index("</tr>", start)]


def test_the_tab_is_on_the_customer_page(client_as, admin_agent_a, customer_a):
    text = client_as(admin_agent_a).get(reverse("customers:detail", args=[customer_a.tenant_id])).content.decode()
    assert f'<a href="{tab_url(customer_a)}" class="">Azure reservations</a>' in text


def test_each_reservation_shows_partner_centers_columns(client_as, admin_agent_a, customer_a, reserve, subscriptions_a):
    vm = reserve(display_name="Web farm")
    cosmos = reserve(
        identity=COSMOS_WEU_3Y,
        quantity=5,
        billing_plan="Monthly",
        scope="Single",
        subscription=subscriptions_a["Development"],
    )
    text = client_as(admin_agent_a).get(tab_url(customer_a)).content.decode()
    row = row_of(text, vm)
    for cell in ["Web farm", "Virtual machines", "Standard_D2s_v5", "EU West", ">2<", "1 year", "Upfront", "Shared"]:
        assert cell in row
    assert "01/10/2031" in row  # expiry: a year after the purchase day
    assert '<span class="badge ok">Succeeded</span>' in row
    assert (
        f'href="{reverse("reservations:overview", args=[customer_a.tenant_id, vm.reservation_id])}">Manage</a>' in row
    )
    refund = reverse("reservations_refunds:refund", args=[customer_a.tenant_id, vm.reservation_id])
    assert f'<a class="btn" href="{refund}">Refund</a>' in row
    row = row_of(text, cosmos)
    for cell in [
        "Azure Cosmos DB",
        "Cosmos_DB_100_RUs",
        ">5<",
        "3 years",
        "Monthly",
        "Single subscription: Development",
    ]:
        assert cell in row
    assert "01/10/2033" in row


def test_30_day_utilization_follows_the_partners_clock(client_as, admin_agent_a, customer_a, partner_a, reserve):
    reservation = reserve()
    client = client_as(admin_agent_a)
    assert '<td class="num">–</td>' in row_of(client.get(tab_url(customer_a)).content.decode(), reservation)
    clock_advance(partner=partner_a, by=timedelta(days=45))
    rows = UtilizationDay.objects.filter(reservation=reservation).order_by("-day")[:30]
    assert len(rows) == 30
    average = (sum(r.utilization_percent for r in rows) / 30).quantize(Decimal("0.01"))  # the selector's rounding
    row = row_of(client.get(tab_url(customer_a)).content.decode(), reservation)
    assert f'<td class="num">{average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)}%</td>' in row


def test_a_reservation_near_its_end_is_expiring_then_expired(client_as, admin_agent_a, customer_a, partner_a, reserve):
    reservation = reserve()
    client = client_as(admin_agent_a)
    clock_advance(partner=partner_a, by=timedelta(days=340))
    assert '<span class="badge warn">Expiring</span>' in row_of(
        client.get(tab_url(customer_a)).content.decode(), reservation
    )
    clock_advance(partner=partner_a, by=timedelta(days=30))
    assert '<span class="badge">Expired</span>' in row_of(client.get(tab_url(customer_a)).content.decode(), reservation)


def test_no_reservation_yet_offers_to_buy_one(client_as, admin_agent_a, make_user, customer_a, plan_a):
    text = client_as(admin_agent_a).get(tab_url(customer_a)).content.decode()
    assert "No Azure reservations have been bought for this customer yet." in text
    assert f'href="{reverse("reservations:purchase", args=[customer_a.tenant_id])}">Buy an Azure reservation' in text
    text = client_as(make_user(Role.HELPDESK_AGENT)).get(tab_url(customer_a)).content.decode()
    assert "Buy an Azure reservation" not in text


def test_the_tab_links_the_resources_help_page(client_as, admin_agent_a, customer_a, plan_a):
    client = client_as(admin_agent_a)
    text = client.get(tab_url(customer_a)).content.decode()
    assert f'<a href="{reverse("reservations:resources")}">Azure reservations resources</a>' in text
    page = client.get(reverse("reservations:resources"))
    text = page.content.decode()
    assert page.status_code == 200
    for topic in [
        "Overview of Azure reservations in CSP",
        "Buying Azure reservations for customers in the partner dashboard",
        "Billing for Azure reservations",
        "Choosing the right virtual machine size and checking how customers use their virtual machines",
        "Buying Azure reservations through the API",
        "targetView=AzureReservations",
        "12 payments for 1 year, 36 for 3 years",
    ]:
        assert topic in text


@pytest.mark.parametrize("role", [Role.HELPDESK_AGENT, Role.SALES_AGENT, Role.BILLING_ADMIN, Role.GLOBAL_ADMIN])
def test_roles_that_see_customers_see_the_reservations(client_as, make_user, customer_a, reserve, role):
    reservation = reserve(display_name="Shared pool")
    page = client_as(make_user(role)).get(tab_url(customer_a))
    assert page.status_code == 200
    assert "Shared pool" in row_of(page.content.decode(), reservation)


@pytest.mark.parametrize("role", [Role.REFERRAL_ADMIN, Role.ACCOUNT_ADMIN, Role.MARKETING_CONTENT_ADMIN])
def test_other_roles_get_403(client_as, make_user, customer_a, reserve, role):
    reserve()
    assert client_as(make_user(role)).get(tab_url(customer_a)).status_code == 403


def test_another_partners_customer_is_404(client_as, admin_agent_b, customer_a, reserve):
    reserve()
    assert client_as(admin_agent_b).get(tab_url(customer_a)).status_code == 404


def test_another_partners_reservations_never_show(
    client_as, admin_agent_a, customer_a, reserve, customer_b_with_reservation
):
    reserve()
    text = client_as(admin_agent_a).get(tab_url(customer_a)).content.decode()
    assert str(customer_b_with_reservation.reservation_id) not in text


def test_query_budget_is_constant_in_the_number_of_reservations(
    client_as, admin_agent_a, customer_a, partner_a, reserve, django_assert_max_num_queries
):
    client = client_as(admin_agent_a)
    reserve()
    clock_advance(partner=partner_a, by=timedelta(days=3))
    with CaptureQueriesContext(connection) as one:
        assert client.get(tab_url(customer_a)).status_code == 200
    for _ in range(5):
        reserve(identity=COSMOS_WEU_3Y)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(tab_url(customer_a))
    assert page.content.decode().count("<tr data-reservation=") == 6


# --- Azure Hybrid Benefit ---------------------------------------------------------------------


@pytest.fixture
def windows_licences(buy, customer_a):
    """Windows Server with SA: Datacenter 1-year × 4 packs (8 cores) and Standard 3-year × 8 packs (16 cores);
    a perpetual Datacenter licence (no SA) and a cancelled subscription that must not count."""
    buy(customer_a, WS_DATACENTER, ONE_YEAR, quantity=4)
    buy(customer_a, WS_STANDARD, THREE_YEARS, quantity=8)
    buy(customer_a, WS_DATACENTER, PERPETUAL, quantity=50)
    cancelled = buy(customer_a, WS_DATACENTER, THREE_YEARS, quantity=50).order_line
    cancelled.status = LineStatus.CANCELLED
    cancelled.save(update_fields=["status"])


def test_hybrid_benefit_lists_the_licences_with_software_assurance(
    client_as, admin_agent_a, customer_a, reserve, windows_licences
):
    reserve()
    text = client_as(admin_agent_a).get(tab_url(customer_a)).content.decode()
    section = text[text.index('id="hybrid-benefit"') :]
    assert "Windows Server 2022 Datacenter - 2 Core License Pack - 1 year" in section
    assert "Windows Server 2022 Standard - 2 Core License Pack - 3 year" in section
    assert "Datacenter - 2 Core License Pack</td>" not in section  # the perpetual licence has no SA
    assert '<td class="num" id="licensed-cores">24</td>' in section  # 8 + 16, not the cancelled 100


def test_hybrid_benefit_estimates_the_monthly_saving_with_its_formula(
    client_as, admin_agent_a, customer_a, reserve, windows_licences
):
    """2 × D2s v5 need 16 core licences (8 per machine at least); 1,047.38 EUR a year is 87.28 a month; 40%: 34.91."""
    reservation = reserve()
    big = reserve(identity=("VirtualMachines", "Standard_D8s_v5", "westeurope", "P1Y"), quantity=2)
    reserve(identity=COSMOS_WEU_3Y)  # not a virtual machine: no estimate
    client = client_as(admin_agent_a)
    text = client.get(tab_url(customer_a)).content.decode()
    section = text[text.index('id="hybrid-benefit-estimates"') :]
    row = section[section.index(f'data-benefit-for="{reservation.reservation_id}"') :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">16</td>' in row
    assert '<td class="num">€87.28</td>' in row and '<td class="num">€34.91</td>' in row
    assert "<td>Yes</td>" in row  # covered: 16 of 24 cores
    big_row = section[section.index(f'data-benefit-for="{big.reservation_id}"') :]
    assert "No: not enough core licences" in big_row[: big_row.index("</tr>")]  # 16 more cores needed, 8 left
    assert "Cosmos" not in section[: section.index("</table>")]
    assert '<dd id="saving-applied">€0.00</dd>' in text
    assert '<dd id="saving-possible">€34.91</dd>' in text
    assert "estimated saving a month = reservation price for the term ÷ months in the term × 40%" in text

    reservation.hybrid_benefit = True
    reservation.save(update_fields=["hybrid_benefit"])
    text = client.get(tab_url(customer_a)).content.decode()
    assert '<dd id="saving-applied">€34.91</dd>' in text


def test_hybrid_benefit_without_licences_says_how_to_get_them(client_as, admin_agent_a, customer_a, reserve, catalog):
    reserve(identity=D2S_WEU_1Y)
    text = client_as(admin_agent_a).get(tab_url(customer_a)).content.decode()
    assert "The customer holds no Windows Server Datacenter or Standard subscription" in text
    assert "No: not enough core licences" in text


def test_the_tab_shows_the_refund_limit_used_and_left(client_as, admin_agent_a, customer_a, reserve):
    """The cap is the refund engine's (cap_status): a return of the whole reservation shows up as used."""
    from reservations.services.refunds import refund_quote, reservation_return

    reservation = reserve()
    client = client_as(admin_agent_a)
    text = client.get(tab_url(customer_a)).content.decode()
    assert "Refund limit in the last 365 days: $0.00 used, $50,000.00 left of $50,000.00." in text
    refunds = reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])
    assert f'<a href="{refunds}">Refunds and exchanges</a>' in text

    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=2)
    reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    used = quote.refund_amount_usd
    assert used > 0

    text = client.get(tab_url(customer_a)).content.decode()
    assert f"Refund limit in the last 365 days: ${used:,.2f} used, ${50000 - used:,.2f} left of $50,000.00." in text
