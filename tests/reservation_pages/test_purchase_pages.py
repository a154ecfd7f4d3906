"""Add products → Azure reservations: the Azure plan first, Azure subscriptions, choose, review the price with the
market's tax rule, confirm; the unavailable-market message; bad input; roles; another partner's customer."""

import pytest
from django.urls import reverse

from accounts.models import Role
from commerce.models import Order
from reservations.models import AppliedScopeType, AzurePlan, AzureSubscription, Reservation
from tests.factories import CustomerFactory
from tests.reservation_pages.conftest import offer_id


def purchase_url(customer):
    return reverse("reservations:purchase", args=[customer.tenant_id])


def plan_url(customer):
    return reverse("reservations:azure_plan_buy", args=[customer.tenant_id])


def subscription_url(customer):
    return reverse("reservations:azure_subscription_add", args=[customer.tenant_id])


def choice(paying, **overrides) -> dict:
    """A valid purchase form: 2 × D2s v5 in EU West for 1 year, upfront, shared, billed to `paying`."""
    data = {
        "reserved_resource_type": "VirtualMachines",
        "location": "westeurope",
        "sku_name": "Standard_D2s_v5",
        "term": "P1Y",
        "billing_plan": "Upfront",
        "quantity": "2",
        "subscription": str(paying.subscription_id),
        "scope": "Shared",
        "display_name": "",
    }
    return {**data, **overrides}


# --- the way in -------------------------------------------------------------------------------


def test_add_products_offers_software_and_azure_reservations(client_as, admin_agent_a, customer_a, plan_a):
    client = client_as(admin_agent_a)
    text = client.get(reverse("commerce:order_add", args=[customer_a.tenant_id])).content.decode()
    assert f'href="{purchase_url(customer_a)}">Azure reservations</a>' in text
    text = client.get(purchase_url(customer_a)).content.decode()
    assert f'href="{reverse("commerce:order_add", args=[customer_a.tenant_id])}">Software</a>' in text
    assert '<strong aria-current="page">Azure reservations</strong>' in text


def test_a_sales_agent_lands_on_azure_reservations(client_as, make_user, customer_a, plan_a):
    """Sales agents buy reservations but not software: Add products opens the reservations section."""
    client = client_as(make_user(Role.SALES_AGENT))
    page = client.get(reverse("customers:detail", args=[customer_a.tenant_id])).content.decode()
    assert f'<a class="btn primary" href="{purchase_url(customer_a)}">Add products</a>' in page
    assert client.get(purchase_url(customer_a)).status_code == 200


# --- the Azure plan and subscriptions ---------------------------------------------------------


def test_without_an_azure_plan_the_page_offers_it_first(client_as, admin_agent_a, customer_a, reservation_catalog):
    text = client_as(admin_agent_a).get(purchase_url(customer_a)).content.decode()
    assert "Alpha Srl has no Azure plan yet." in text
    assert "Buy the Azure plan" in text
    assert "Review" not in text


def test_buying_the_azure_plan_creates_its_first_subscription(
    client_as, admin_agent_a, customer_a, reservation_catalog, frozen
):
    client = client_as(admin_agent_a)
    response = client.post(plan_url(customer_a), {"friendly_name": "  Production  "})
    assert response.status_code == 302
    assert response.url == purchase_url(customer_a)
    plan = AzurePlan.objects.get(customer=customer_a)
    assert [s.friendly_name for s in plan.azure_subscriptions.all()] == ["Production"]
    text = client.get(response.url).content.decode()
    assert "The Azure plan was bought for Alpha Srl, with the Azure subscription Production." in text
    assert "Production" in text and str(plan.azure_subscriptions.get().subscription_id) in text
    assert "Review" in text


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "This field is required."), ("x" * 65, "Ensure this value has at most 64 characters (it has 65).")],
)
def test_a_bad_first_subscription_name_is_a_form_error(
    client_as, admin_agent_a, customer_a, reservation_catalog, name, message
):
    response = client_as(admin_agent_a).post(plan_url(customer_a), {"friendly_name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AzurePlan.objects.exists()


def test_a_second_azure_plan_is_refused_with_a_message(client_as, admin_agent_a, customer_a, plan_a):
    """The page offers no plan once there is one; a replayed form is refused and says why."""
    response = client_as(admin_agent_a).post(plan_url(customer_a), {"friendly_name": "Other"})
    assert response.status_code == 400
    assert "Alpha Srl already has an Azure plan." in response.content.decode()
    assert AzurePlan.objects.filter(customer=customer_a).count() == 1
    assert not customer_a.azure_subscriptions.filter(friendly_name="Other").exists()


def test_adding_an_azure_subscription(client_as, admin_agent_a, customer_a, plan_a):
    client = client_as(admin_agent_a)
    response = client.post(subscription_url(customer_a), {"friendly_name": "Test lab"})
    assert response.status_code == 302
    assert customer_a.azure_subscriptions.filter(friendly_name="Test lab").exists()
    text = client.get(response.url).content.decode()
    assert "The Azure subscription Test lab was added for Alpha Srl." in text
    assert (
        '<option value="{}">Test lab'.format(
            customer_a.azure_subscriptions.get(friendly_name="Test lab").subscription_id
        )
        in text
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("Production", "Alpha Srl already has an Azure subscription named Production."),
        ("y" * 65, "Ensure this value has at most 64 characters (it has 65)."),
    ],
)
def test_a_bad_subscription_name_is_a_form_error(client_as, admin_agent_a, customer_a, plan_a, name, message):
    response = client_as(admin_agent_a).post(subscription_url(customer_a), {"friendly_name": name})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert customer_a.azure_subscriptions.count() == 2


def test_a_subscription_without_a_plan_is_refused(client_as, admin_agent_a, customer_a, reservation_catalog):
    response = client_as(admin_agent_a).post(subscription_url(customer_a), {"friendly_name": "Lab"})
    assert response.status_code == 400
    assert "Alpha Srl has no Azure plan yet." in response.content.decode()
    assert not AzureSubscription.objects.exists()


# --- choose, review, confirm ------------------------------------------------------------------


def test_the_form_lists_the_types_and_the_skus_of_the_chosen_type(client_as, admin_agent_a, customer_a, plan_a):
    client = client_as(admin_agent_a)
    text = client.get(purchase_url(customer_a)).content.decode()
    for label in ["Virtual machines", "SQL Database", "Azure Cosmos DB", "App Service", "Azure Cache for Redis"]:
        assert f">{label}</option>" in text
    assert "D2s v5 · Reserved VM Instance, Dsv5 Series" in text
    assert ">EU West</option>" in text and ">US East</option>" in text
    text = client.get(purchase_url(customer_a), {"reserved_resource_type": "CosmosDb"}).content.decode()
    assert "100 RU/s · Azure Cosmos DB Reserved Capacity" in text
    assert "D2s v5" not in text
    text = client.get(purchase_url(customer_a), {"reserved_resource_type": "Nonsense"}).content.decode()
    assert "D2s v5 · Reserved VM Instance, Dsv5 Series" in text  # an unknown type falls back to the first


def test_review_shows_the_price_with_tax_excluded_and_buys_nothing(
    client_as, admin_agent_a, customer_a, subscriptions_a
):
    response = client_as(admin_agent_a).post(purchase_url(customer_a), choice(subscriptions_a["Production"]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Review the purchase" in text
    assert offer_id() in text
    # 0.096 USD/h × 8,760 h × 62% × 1.08 (EU West) = 563.11 USD; × 0.93 = 523.69 EUR per unit for the term.
    assert '<td class="num">523.69 EUR</td>' in text
    assert '<td class="num" id="subtotal">1,047.38 EUR</td>' in text
    assert '<td class="num" id="tax">230.42 EUR</td>' in text
    assert '<td class="num" id="total">1,277.80 EUR</td>' in text
    assert "One payment, charged today" in text
    assert "Prices are in EUR and exclude tax (22% is added on the invoice)." in text
    assert "Confirm purchase" in text
    assert not Reservation.objects.exists() and not Order.objects.filter(lines__offer_id=offer_id()).exists()


def test_review_of_a_monthly_plan_shows_the_payments(client_as, admin_agent_a, customer_a, subscriptions_a):
    data = choice(subscriptions_a["Production"], billing_plan="Monthly", quantity="1")
    text = client_as(admin_agent_a).post(purchase_url(customer_a), data).content.decode()
    assert '<td class="num" id="payments">12 monthly payments</td>' in text
    # 523.69 / 12 = 43.64 a month (the last payment absorbs the rounding); 22% tax on top: 53.24.
    assert '<td class="num" id="first-payment">53.24 EUR</td>' in text
    assert '<td class="num" id="total">638.90 EUR</td>' in text


@pytest.mark.parametrize(
    ("market", "state", "wording", "total"),
    [
        ("AU", "NSW", "Prices are in AUD and include tax (10%).", "946.02 AUD"),
        ("US", "WA", "Prices are in USD and exclude tax.", "563.11 USD"),
    ],
)
def test_review_states_the_market_tax_rule(
    client_as, partner_a, admin_agent_a, reservation_catalog, frozen, market, state, wording, total
):
    from reservations import services

    customer = CustomerFactory(partner=partner_a, market=market, state=state)
    services.azure_plan_purchase(customer=customer, actor=None)
    subscription = customer.azure_subscriptions.get()
    text = client_as(admin_agent_a).post(purchase_url(customer), choice(subscription, quantity="1")).content.decode()
    assert wording in text
    assert f'<td class="num" id="total">{total}</td>' in text


def test_confirm_buys_the_reservation_and_opens_it(client_as, admin_agent_a, customer_a, subscriptions_a):
    client = client_as(admin_agent_a)
    development = subscriptions_a["Development"]
    data = choice(development, scope="Single", display_name="Web farm", step="confirm")
    response = client.post(purchase_url(customer_a), data)
    reservation = Reservation.objects.get(customer=customer_a)
    assert response.status_code == 302
    assert response.url == reverse("reservations:overview", args=[customer_a.tenant_id, reservation.reservation_id])
    assert (reservation.display_name, reservation.quantity, reservation.sku_name) == ("Web farm", 2, "Standard_D2s_v5")
    assert reservation.applied_scope_type == AppliedScopeType.SINGLE
    assert reservation.applied_subscription == development == reservation.billing_subscription
    order = reservation.order.order_line.order
    text = client.get(response.url).content.decode()
    assert f"Reservation Web farm was bought for Alpha Srl (order {order.order_id})." in text
    assert "Single subscription: Development" in text


def test_back_from_the_review_keeps_the_choices(client_as, admin_agent_a, customer_a, subscriptions_a):
    data = choice(subscriptions_a["Development"], quantity="7", step="edit", term="P3Y")
    response = client_as(admin_agent_a).post(purchase_url(customer_a), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="quantity" value="7"' in text
    assert '<option value="P3Y" selected>' in text
    assert not Reservation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quantity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": "-3"}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": "1001"}, "Ensure this value is less than or equal to 1000."),
        ({"quantity": "two"}, "Enter a whole number."),
        ({"quantity": ""}, "This field is required."),
        ({"location": "marsnorth"}, "Select a valid choice. marsnorth is not one of the available choices."),
        ({"sku_name": "Standard_Z99"}, "Select a valid choice. Standard_Z99 is not one of the available choices."),
        ({"sku_name": "100 RU/s"}, "is not one of the available choices."),
        ({"term": "P5Y"}, "Select a valid choice. P5Y is not one of the available choices."),
        ({"billing_plan": "Yearly"}, "Select a valid choice. Yearly is not one of the available choices."),
        ({"scope": "Global"}, "Select a valid choice. Global is not one of the available choices."),
        ({"subscription": "00000000-0000-0000-0000-000000000000"}, "is not one of the available choices."),
        ({"subscription": "not-a-guid"}, "is not one of the available choices."),
        ({"display_name": "z" * 65}, "Ensure this value has at most 64 characters (it has 65)."),
        ({"display_name": "web/farm"}, "A reservation name is 1 to 64 letters, digits, spaces, hyphens"),
        ({"reserved_resource_type": "Nonsense"}, "Choose a reservation type from the list."),
    ],
)
def test_bad_input_is_a_form_error_and_buys_nothing(
    client_as, admin_agent_a, customer_a, subscriptions_a, overrides, message
):
    data = {**choice(subscriptions_a["Production"], **overrides), "step": "review"}
    response = client_as(admin_agent_a).post(purchase_url(customer_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reservation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"quantity": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"term": "P5Y"}, "Select a valid choice. P5Y is not one of the available choices."),
        ({"display_name": "web/farm"}, "A reservation name is 1 to 64 letters, digits, spaces, hyphens"),
    ],
)
def test_a_forged_confirmation_is_judged_again(
    client_as, admin_agent_a, customer_a, subscriptions_a, overrides, message
):
    """The confirm step checks everything again: hidden fields edited after the review buy nothing."""
    data = {**choice(subscriptions_a["Production"], **overrides), "step": "confirm"}
    response = client_as(admin_agent_a).post(purchase_url(customer_a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Reservation.objects.exists()


def test_another_customers_subscription_is_refused(client_as, admin_agent_a, customer_a, subscriptions_a, partner_a):
    from reservations import services

    other = CustomerFactory(partner=partner_a, market="IT", state="RM")
    services.azure_plan_purchase(customer=other, actor=None)
    foreign = other.azure_subscriptions.get()
    response = client_as(admin_agent_a).post(purchase_url(customer_a), {**choice(foreign), "step": "confirm"})
    assert response.status_code == 400
    assert "is not one of the available choices." in response.content.decode()
    assert not Reservation.objects.exists()


def test_unavailable_market_shows_the_message_and_no_form(
    client_as, admin_agent_a, san_marino_customer, reservation_catalog
):
    client = client_as(admin_agent_a)
    text = client.get(purchase_url(san_marino_customer)).content.decode()
    assert "Software subscriptions and Azure reservations are not available in San Marino (SM)." in text
    assert "Buy the Azure plan" not in text and "Review" not in text
    response = client.post(purchase_url(san_marino_customer), {"step": "confirm", "quantity": "1"})
    assert response.status_code == 400
    response = client.post(plan_url(san_marino_customer), {"friendly_name": "Production"})
    assert response.status_code == 400
    assert "not available in San Marino (SM)" in response.content.decode()
    assert not AzurePlan.objects.exists() and not Reservation.objects.exists()


@pytest.mark.parametrize("role", [Role.HELPDESK_AGENT, Role.BILLING_ADMIN, Role.REPORTS_ADMIN, Role.ACCOUNT_ADMIN])
def test_roles_that_may_not_buy_get_403(client_as, make_user, customer_a, subscriptions_a, role):
    client = client_as(make_user(role))
    assert client.get(purchase_url(customer_a)).status_code == 403
    assert (
        client.post(purchase_url(customer_a), choice(subscriptions_a["Production"], step="confirm")).status_code == 403
    )
    assert client.post(subscription_url(customer_a), {"friendly_name": "Lab"}).status_code == 403
    assert not Reservation.objects.exists()
    assert customer_a.azure_subscriptions.count() == 2


def test_another_partners_customer_is_404_and_nothing_changes(
    client_as, admin_agent_b, customer_a, subscriptions_a, partner_b
):
    client = client_as(admin_agent_b)
    assert client.get(purchase_url(customer_a)).status_code == 404
    data = choice(subscriptions_a["Production"], step="confirm")
    assert client.post(purchase_url(customer_a), data).status_code == 404
    assert client.post(plan_url(customer_a), {"friendly_name": "Hijack"}).status_code == 404
    assert client.post(subscription_url(customer_a), {"friendly_name": "Hijack"}).status_code == 404
    assert not Reservation.objects.exists()
    assert customer_a.azure_subscriptions.count() == 2
