"""The three-step New support request for a reservation: each step validates, Previous keeps what was typed,
Create files the request through support.services and shows its number; prefilled from Overview, Refund, Exchange."""

import pytest
from django.urls import reverse

from accounts.models import Role
from reservations.models import RefundQuote
from support.models import RequestKind, SupportRequest
from tests.customers.test_i18n import switch_to_italian
from tests.refunds.conftest import offer_for, priced
from tests.support_pages.conftest import BASICS_OK, CONTACT_OK, PROBLEM_OK, walk, wizard_id, wizard_url

pytestmark = pytest.mark.django_db


def _subscription(reservation) -> str:
    return str(reservation.billing_subscription.subscription_id)


def test_overview_opens_a_question_prefilled_with_the_reservation(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    overview = reverse("reservations:overview", args=[reservation.customer.tenant_id, reservation.reservation_id])
    assert f'href="{wizard_url(reservation, kind="question")}"' in client.get(overview).content.decode()

    page = client.get(wizard_url(reservation, kind="question")).content.decode()

    assert 'aria-current="step" class="active">1 Basics' in page
    assert f'value="Question about reservation {reservation.display_name}"' in page
    assert f'<option value="{_subscription(reservation)}" selected>' in page
    assert '<option value="billing" selected>Billing</option>' in page


def test_each_step_validates_before_next(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    url = wizard_url(reservation)
    wizard = wizard_id(client.get(url).content.decode())

    no_title = client.post(
        url,
        {
            "wizard": wizard,
            "step": "basics",
            "action": "next",
            "basics-title": "",
            "basics-issue_type": "billing",
            "basics-subscription_id": _subscription(reservation),
        },
    )
    foreign_subscription = client.post(
        url,
        {
            "wizard": wizard,
            "step": "basics",
            "action": "next",
            "basics-subscription_id": "00000000-0000-0000-0000-000000000001",
        }
        | BASICS_OK,
    )
    assert no_title.status_code == 400 and "This field is required." in no_title.content.decode()
    assert foreign_subscription.status_code == 400
    assert "Select a valid choice." in foreign_subscription.content.decode()
    assert "1 Basics" in foreign_subscription.content.decode().split('id="step-heading">')[1]

    client.post(
        url,
        {"wizard": wizard, "step": "basics", "action": "next", "basics-subscription_id": _subscription(reservation)}
        | BASICS_OK,
    )
    bad_severity = client.post(
        url,
        {"wizard": wizard, "step": "problem", "action": "next"}
        | PROBLEM_OK
        | {"problem-severity": "apocalyptic", "problem-description": ""},
    )
    assert bad_severity.status_code == 400
    text = bad_severity.content.decode()
    assert "Select a valid choice. apocalyptic is not one of the available choices." in text
    assert "This field is required." in text

    client.post(url, {"wizard": wizard, "step": "problem", "action": "next"} | PROBLEM_OK)
    phone_missing = client.post(
        url,
        {"wizard": wizard, "step": "contact", "action": "create"}
        | CONTACT_OK
        | {"contact-contact_method": "phone", "contact-contact_email": "nope"},
    )
    assert phone_missing.status_code == 400
    text = phone_missing.content.decode()
    assert "Enter a phone number: you asked to be called." in text and "Enter a valid email address." in text
    assert not SupportRequest.objects.exists()


def test_previous_keeps_what_was_typed_on_both_steps(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    url = wizard_url(reservation)
    wizard = wizard_id(client.get(url).content.decode())
    client.post(
        url,
        {
            "wizard": wizard,
            "step": "basics",
            "action": "next",
            "basics-issue_type": "billing",
            "basics-subscription_id": _subscription(reservation),
            "basics-title": "My own title",
        },
    )
    # Half-typed (and invalid) step 2, then Previous: no validation, the text is kept.
    back = client.post(
        url,
        {
            "wizard": wizard,
            "step": "problem",
            "action": "previous",
            "problem-description": "Typed before going back",
            "problem-severity": "",
        },
    )
    assert back.status_code == 200
    assert 'value="My own title"' in back.content.decode()

    forward = client.post(
        url,
        {
            "wizard": wizard,
            "step": "basics",
            "action": "next",
            "basics-issue_type": "billing",
            "basics-subscription_id": _subscription(reservation),
            "basics-title": "My own title",
        },
    )
    assert "Typed before going back</textarea>" in forward.content.decode()


def test_create_files_the_request_and_shows_its_number(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    url = wizard_url(reservation, kind="question")
    wizard = wizard_id(client.get(url).content.decode())

    response = walk(client, url, wizard, _subscription(reservation))

    created = SupportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("support:detail", args=[created.number])
    assert created.kind == RequestKind.RESERVATION_QUESTION and created.reservation_id == reservation.reservation_id
    assert created.reservation_order_id == reservation.order.reservation_order_id
    assert (created.title, created.severity, created.contact_email) == (
        "Refund please",
        "moderate",
        "anna@alpha.example",
    )
    detail = client.get(response["Location"]).content.decode()
    assert f"Support request {created.number} was created." in detail
    assert f"data-request-number>{created.number}</dd>" in detail
    # The wizard is spent: posting to it again says it expired and files nothing more.
    again = client.post(url, {"wizard": wizard, "step": "contact", "action": "create"} | CONTACT_OK, follow=True)
    assert "This support request form has expired" in again.content.decode()
    assert SupportRequest.objects.count() == 1


def test_the_refund_quote_leads_into_the_wizard_with_the_quote(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    refund_page = reverse(
        "reservations_refunds:refund", args=[reservation.customer.tenant_id, reservation.reservation_id]
    )
    page = client.post(refund_page, {"action": "quote", "quantity": "1"}).content.decode()
    session = RefundQuote.objects.get().session_id
    link = wizard_url(reservation, kind="refund", session=session).replace("&", "&amp;")
    assert "Request through support" in page and f'href="{link}"' in page

    url = wizard_url(reservation, kind="refund", session=session)
    wizard = wizard_id(client.get(url).content.decode())
    step2 = client.post(
        url,
        {"wizard": wizard, "step": "basics", "action": "next", "basics-subscription_id": _subscription(reservation)}
        | BASICS_OK,
    ).content.decode()
    assert f"data-session>{session}</dd>" in step2
    assert "data-quantity>1</dd>" in step2
    assert "data-amount>€3,212.00</dd>" in step2 and "data-fee>€438.00</dd>" in step2
    assert "data-cap-used>$0.00 / $50,000.00</dd>" in step2 and "data-cap-left>$50,000.00</dd>" in step2
    assert f"Reservation ID: {reservation.reservation_id}" in step2
    assert f"Reservation order ID: {reservation.order.reservation_order_id}" in step2

    client.post(url, {"wizard": wizard, "step": "problem", "action": "next"} | PROBLEM_OK)
    client.post(url, {"wizard": wizard, "step": "contact", "action": "create"} | CONTACT_OK)

    created = SupportRequest.objects.get()
    assert created.kind == RequestKind.RESERVATION_REFUND
    assert (created.refund_session_id, created.quantity) == (str(session), 1)


def test_the_exchange_quote_leads_into_the_wizard_with_the_quote(
    client_as, admin_agent_a, reservation, exchange_session
):
    client = client_as(admin_agent_a)
    url = wizard_url(reservation, kind="exchange", session=exchange_session.session_id)
    wizard = wizard_id(client.get(url).content.decode())
    step2 = client.post(
        url,
        {"wizard": wizard, "step": "basics", "action": "next", "basics-subscription_id": _subscription(reservation)}
        | BASICS_OK,
    ).content.decode()

    assert f"data-session>{exchange_session.session_id}</dd>" in step2
    assert "data-amount>€3,650.00</dd>" in step2 and exchange_session.details["refundsTotal"] == "3650.00"
    client.post(url, {"wizard": wizard, "step": "problem", "action": "next"} | PROBLEM_OK)
    client.post(url, {"wizard": wizard, "step": "contact", "action": "create"} | CONTACT_OK)
    created = SupportRequest.objects.get()
    assert (created.kind, created.refund_session_id, created.quantity) == (
        RequestKind.RESERVATION_EXCHANGE,
        str(exchange_session.session_id),
        1,
    )


def test_the_exchange_page_links_into_the_wizard(client_as, admin_agent_a, reservation, customer_a):
    client = client_as(admin_agent_a)
    page = reverse("reservations_refunds:exchange", args=[customer_a.tenant_id, reservation.reservation_id])
    item = priced(offer_for("IT", index=1), "IT", "4000.00")
    text = client.post(
        page,
        {
            "action": "quote",
            "quantity_returned": "1",
            "catalog_item_id": item,
            "quantity": "1",
            "billing_plan": "Upfront",
            "subscription_id": str(customer_a.azure_subscriptions.first().subscription_id),
        },
    ).content.decode()
    session = RefundQuote.objects.get(kind="exchange").session_id
    link = wizard_url(reservation, kind="exchange", session=session).replace("&", "&amp;")
    assert f'href="{link}"' in text and "Request through support" in text


@pytest.mark.parametrize("query,status", [({"kind": "cancel"}, 400), ({"kind": "refund", "session": "nope"}, 404)])
def test_bad_links_into_the_wizard_are_refused(client_as, admin_agent_a, reservation, query, status):
    assert client_as(admin_agent_a).get(wizard_url(reservation, **query)).status_code == status


def test_a_quote_of_another_kind_or_partner_is_404(
    client_as, admin_agent_a, admin_agent_b, reservation, refund_session
):
    as_a = client_as(admin_agent_a)
    assert as_a.get(wizard_url(reservation, kind="exchange", session=refund_session.session_id)).status_code == 404
    as_b = client_as(admin_agent_b)
    assert as_b.get(wizard_url(reservation, kind="refund", session=refund_session.session_id)).status_code == 404
    assert as_b.get(wizard_url(reservation)).status_code == 404


def test_a_helpdesk_agent_can_file_a_request(client_as, helpdesk_agent_a, reservation):
    client = client_as(helpdesk_agent_a)
    url = wizard_url(reservation)
    wizard = wizard_id(client.get(url).content.decode())

    response = walk(client, url, wizard, _subscription(reservation))

    assert response.status_code == 302
    assert SupportRequest.objects.get().created_by == helpdesk_agent_a


def test_roles_that_cannot_file_see_no_link_and_are_refused(client_as, make_user, reservation):
    client = client_as(make_user(Role.SALES_AGENT))
    overview = reverse("reservations:overview", args=[reservation.customer.tenant_id, reservation.reservation_id])

    assert "New support request" not in client.get(overview).content.decode()
    assert client.get(wizard_url(reservation)).status_code == 403


def test_the_wizard_in_italian(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)
    switch_to_italian(client)

    page = client.get(wizard_url(reservation, kind="question")).content.decode()

    title = f"Domanda sulla prenotazione {reservation.display_name}"
    for phrase in ["Nuova richiesta di supporto", "1 Informazioni di base", "2 Problema", "3 Informazioni sul contatto",
                   "Tipo di problema", "Fatturazione", ">Avanti</button>", title]:  # fmt: skip
        assert phrase in page, phrase


def test_two_open_wizards_keep_their_own_answers(client_as, admin_agent_a, reservation, refund_session):
    client = client_as(admin_agent_a)
    question_url = wizard_url(reservation, kind="question")
    refund_url = wizard_url(reservation, kind="refund", session=refund_session.session_id)
    question, refund = (wizard_id(client.get(url).content.decode()) for url in (question_url, refund_url))
    subscription = {"basics-issue_type": "billing", "basics-subscription_id": _subscription(reservation)}
    client.post(question_url, {"wizard": question, "step": "basics", "basics-title": "Question A"} | subscription)
    client.post(refund_url, {"wizard": refund, "step": "basics", "basics-title": "Refund B"} | subscription)

    back = client.post(question_url, {"wizard": question, "step": "problem", "action": "previous"})

    assert 'value="Question A"' in back.content.decode() and "Refund B" not in back.content.decode()
    client.post(question_url, {"wizard": question, "step": "basics", "basics-title": "Question A"} | subscription)
    client.post(question_url, {"wizard": question, "step": "problem"} | PROBLEM_OK)
    client.post(question_url, {"wizard": question, "step": "contact", "action": "create"} | CONTACT_OK)
    client.post(refund_url, {"wizard": refund, "step": "problem"} | PROBLEM_OK)
    client.post(refund_url, {"wizard": refund, "step": "contact", "action": "create"} | CONTACT_OK)
    filed = {r.title: (r.kind, r.refund_session_id) for r in SupportRequest.objects.all()}
    assert filed == {
        "Question A": (RequestKind.RESERVATION_QUESTION, ""),
        "Refund B": (RequestKind.RESERVATION_REFUND, str(refund_session.session_id)),
    }
