"""The Refund and Exchange pages and the customer's Refunds tab: quotes, returns, exchanges, roles, tenancy."""

import pytest
from django.urls import reverse

from accounts.models import Role
from reservations.models import Exchange, ProvisioningState, Refund, RefundQuote
from tests.refunds.conftest import offer_for, priced, reload

pytestmark = pytest.mark.django_db


def _url(name, reservation):
    return reverse(f"reservations_refunds:{name}", args=[reservation.customer.tenant_id, reservation.reservation_id])


def test_a_refund_quote_shows_days_prices_fee_amount_and_cap(buy, customer_a, admin_agent_a, client_as):
    reservation = buy(customer_a, price="3650.00")
    client = client_as(admin_agent_a)

    assert client.get(_url("refund", reservation)).status_code == 200
    page = client.post(_url("refund", reservation), {"action": "quote", "quantity": "1"}).content.decode()

    assert "0 / 365" in page and "<dd data-fee>€438.00 (12%)</dd>" in page and "<strong>€3,212.00</strong>" in page
    assert "the purchase price, because today" in page
    assert "<dd data-quote-cap-used>$0.00 / $50,000.00</dd>" in page
    assert "<dd data-quote-cap-left>$50,000.00</dd>" in page
    # The seed profile leads into a support request: no Return button.
    assert "create a support request" in page and 'value="return"' not in page


def test_in_the_current_profile_the_page_returns_and_the_tab_shows_the_cap(
    buy, customer_a, admin_agent_a, client_as, current_profile
):
    reservation = buy(customer_a, price="3650.00")
    client = client_as(admin_agent_a)
    client.post(_url("refund", reservation), {"action": "quote", "quantity": "1"})
    session = RefundQuote.objects.get().session_id

    response = client.post(
        _url("refund", reservation), {"action": "return", "session_id": session, "reason": "NoLongerNeeded"}
    )

    tab = reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])
    assert response.status_code == 302 and response["Location"] == tab
    assert reload(reservation).provisioning_state == ProvisioningState.CANCELLED
    page = client.get(tab).content.decode()
    # EUR 3,650.00 at 1.17 USD.
    assert "<dd data-cap-used>$4,270.50</dd>" in page and "<dd data-cap-left>$45,729.50</dd>" in page
    assert "up to $50,000.00 in any 365 days" in page
    assert '<td class="num">€3,650.00</td><td class="num">$4,270.50</td>' in page
    assert '<td class="num">€0.00</td>' in page  # no fee in the current profile
    assert admin_agent_a.username in page
    assert "Returned 1: €3,650.00 will be credited on the next invoice." in page


@pytest.mark.parametrize("quantity", ["", "abc", "0", "2", "-1"])
def test_bad_quantities_are_form_errors(buy, customer_a, admin_agent_a, client_as, quantity):
    reservation = buy(customer_a)

    response = client_as(admin_agent_a).post(_url("refund", reservation), {"action": "quote", "quantity": quantity})

    assert response.status_code == 400
    assert not RefundQuote.objects.exists()


def test_a_forged_return_is_refused_and_changes_nothing(buy, customer_a, admin_agent_a, client_as, current_profile):
    reservation = buy(customer_a)
    client = client_as(admin_agent_a)

    bad = client.post(_url("refund", reservation), {"action": "return", "session_id": "nope", "reason": "Other"})
    unknown = client.post(
        _url("refund", reservation),
        {"action": "return", "session_id": "00000000-0000-0000-0000-000000000000", "reason": "Other"},
        follow=True,
    )

    assert bad.status_code == 400
    assert "No refund session" in unknown.content.decode()
    assert not Refund.objects.exists()


def test_a_reader_sees_why_it_cannot_refund_and_cannot_quote(buy, customer_a, make_user, client_as):
    reservation = buy(customer_a)
    client = client_as(make_user(Role.HELPDESK_AGENT))

    page = client.get(_url("refund", reservation)).content.decode()
    refused = client.post(_url("refund", reservation), {"action": "quote", "quantity": "1"})

    assert "does not allow refunds" in page
    assert refused.status_code == 400 and "does not allow this change" in refused.content.decode()
    assert not RefundQuote.objects.exists()


def test_another_partner_gets_404_everywhere(buy, customer_a, admin_agent_b, client_as):
    reservation = buy(customer_a)
    client = client_as(admin_agent_b)

    assert client.get(_url("refund", reservation)).status_code == 404
    assert client.post(_url("exchange", reservation), {"action": "quote"}).status_code == 404
    assert client.get(reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])).status_code == 404


def test_the_exchange_page_quotes_and_exchanges(buy, customer_a, admin_agent_a, client_as, current_profile):
    reservation = buy(customer_a, price="3650.00")
    item = priced(offer_for("IT", index=1), "IT", "5000.00")
    subscription = customer_a.azure_subscriptions.first()
    client = client_as(admin_agent_a)
    form = {
        "action": "quote",
        "quantity_returned": "1",
        "catalog_item_id": item,
        "quantity": "1",
        "billing_plan": "Upfront",
        "subscription_id": str(subscription.subscription_id),
    }

    page = client.post(_url("exchange", reservation), form).content.decode()
    assert "<dd data-refunds>€3,650.00</dd>" in page and "<dd data-purchases>€5,000.00</dd>" in page
    assert "<strong>€1,350.00</strong>" in page  # net payable
    session = RefundQuote.objects.get(kind="exchange").session_id
    done = client.post(_url("exchange", reservation), {"action": "exchange", "session_id": session})

    assert done.status_code == 302
    tab = client.get(done["Location"]).content.decode()
    assert "Exchanged: €3,650.00 refunded and €5,000.00 bought." in tab
    assert '<td class="num">€3,650.00</td><td class="num">€5,000.00</td>' in tab
    assert Exchange.objects.get().purchases_total == 5000
    assert reload(reservation).provisioning_state == ProvisioningState.CANCELLED


def test_the_refunds_tab_has_a_query_budget(
    buy, customer_a, admin_agent_a, client_as, current_profile, django_assert_max_num_queries
):
    from reservations.services.refunds import refund_quote, reservation_return

    for _ in range(5):
        reservation = buy(customer_a)
        quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
        reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    client = client_as(admin_agent_a)
    tab = reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])

    with django_assert_max_num_queries(15):
        page = client.get(tab).content.decode()
    assert page.count("<tr>") == 6  # the header and five refunds


def test_amounts_are_written_the_italian_way(buy, customer_a, admin_agent_a, client_as, current_profile):
    from tests.customers.test_i18n import switch_to_italian

    reservation = buy(customer_a, price="3650.00")
    client = client_as(admin_agent_a)
    switch_to_italian(client)

    page = client.post(_url("refund", reservation), {"action": "quote", "quantity": "1"}).content.decode()
    assert "<strong>3.650,00\xa0€</strong> (4.270,50\xa0USD," in page
    # "Refund" the figure is a noun (Rimborso); "Refund" the button a verb (Rimborsa, the seed's word).
    assert "<title>Rimborso · " in page and "<dt>Rimborso</dt>" in page
    overview = reverse("reservations:overview", args=[customer_a.tenant_id, reservation.reservation_id])
    assert f'href="{_url("refund", reservation)}">Rimborsa</a>' in client.get(overview).content.decode()
    assert "<dd data-quote-cap-used>0,00\xa0USD / 50.000,00\xa0USD</dd>" in page
    session = RefundQuote.objects.get().session_id
    client.post(_url("refund", reservation), {"action": "return", "session_id": session, "reason": "Other"})
    tab = client.get(reverse("reservations_refunds:customer_refunds", args=[customer_a.tenant_id])).content.decode()

    assert "Restituite 1: 3.650,00\xa0€ saranno accreditati nella prossima fattura." in tab
    assert "<dd data-cap-used>4.270,50\xa0USD</dd>" in tab and "<dd data-cap-left>45.729,50\xa0USD</dd>" in tab
    assert "fino a 50.000,00\xa0USD" in tab
    assert '<td class="num">3.650,00\xa0€</td><td class="num">4.270,50\xa0USD</td>' in tab
