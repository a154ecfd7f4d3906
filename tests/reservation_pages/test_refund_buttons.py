"""The Refund and Exchange buttons of the reservation's Overview and the Refund action of the Azure reservations
tab: links when the user may refund (the refund engine's rule), otherwise disabled with the reason, in each state."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import ReservationRole
from reservations import services
from reservations.models import ProvisioningState, Reservation, ReservedResourceType
from reservations.services.refunds import refund_quote, reservation_return
from simulation.services import clock_advance

ACCESS_REASON = (
    "Your access to this reservation does not allow refunds or exchanges: "
    "an Owner or a Reservations Administrator can ask for one."
)


@pytest.fixture
def reservation(reserve):
    return reserve(display_name="Web farm")


def overview(client, reservation) -> str:
    url = reverse("reservations:overview", args=[reservation.customer.tenant_id, reservation.reservation_id])
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    return text[text.index('id="refund-actions"') : text.index('id="essentials"')]


def tab_row(client, reservation) -> str:
    page = client.get(reverse("reservations:customer_reservations", args=[reservation.customer.tenant_id]))
    text = page.content.decode()
    start = text.index(f'<tr data-reservation="{reservation.reservation_id}">')
    return text[start : text.index("</tr>", start)]


def link(name, reservation) -> str:
    url = reverse(f"reservations_refunds:{name}", args=[reservation.customer.tenant_id, reservation.reservation_id])
    return f'<a class="btn" href="{url}">{name.capitalize()}</a>'


def quote_url(name, reservation) -> str:
    return reverse(f"reservations_refunds:{name}", args=[reservation.customer.tenant_id, reservation.reservation_id])


def test_a_user_who_cannot_read_the_reservation_gets_404_on_the_quote_pages(client_as, make_user, reservation):
    client = client_as(make_user(Role.ACCOUNT_ADMIN))  # no partner-wide reservation role, no assignment

    assert client.get(quote_url("refund", reservation)).status_code == 404
    assert client.get(quote_url("exchange", reservation)).status_code == 404


def assert_disabled(html: str, reason: str, describedby: str = "refund-reason") -> None:
    assert f'<button type="button" class="btn" disabled aria-describedby="{describedby}">Refund</button>' in html
    assert f'id="{describedby}">{reason}<' in html
    assert '<a class="btn" href="/reservations/refunds/' not in html


def test_an_admin_agent_gets_links_to_the_quote_pages(client_as, admin_agent_a, reservation):
    client = client_as(admin_agent_a)

    buttons = overview(client, reservation)
    row = tab_row(client, reservation)

    assert link("refund", reservation) in buttons and link("exchange", reservation) in buttons
    assert link("refund", reservation) in row and "disabled" not in row
    assert (
        client.get(
            reverse("reservations_refunds:refund", args=[reservation.customer.tenant_id, reservation.reservation_id])
        ).status_code
        == 200
    )


def test_a_reservations_administrator_without_a_partner_wide_role_gets_them_too(client_as, make_user, reservation):
    """Access control is what counts: an assigned administrator who cannot see all reservations may refund this one."""
    user = make_user(Role.ACCOUNT_ADMIN)
    services.role_assignment_add(
        reservation=reservation, actor=None, user_id=user.pk, role=ReservationRole.ADMINISTRATOR
    )
    client = client_as(user)

    assert link("refund", reservation) in overview(client, reservation)
    refund_page = reverse(
        "reservations_refunds:refund", args=[reservation.customer.tenant_id, reservation.reservation_id]
    )
    assert client.get(refund_page).status_code == 200


def test_a_reservations_reader_sees_them_disabled_with_the_reason(client_as, make_user, reservation):
    reader = make_user(Role.HELPDESK_AGENT)
    services.role_assignment_add(reservation=reservation, actor=None, user_id=reader.pk, role=ReservationRole.READER)
    client = client_as(reader)

    buttons = overview(client, reservation)

    assert_disabled(buttons, ACCESS_REASON)
    assert '<button type="button" class="btn" disabled aria-describedby="refund-reason">Exchange</button>' in buttons
    assert_disabled(tab_row(client, reservation), ACCESS_REASON, f"refund-reason-{reservation.reservation_id}")


def test_a_type_that_cannot_be_refunded_says_so(client_as, admin_agent_a, reservation):
    Reservation.objects.filter(pk=reservation.pk).update(reserved_resource_type=ReservedResourceType.DATABRICKS)
    client = client_as(admin_agent_a)
    reason = "Azure Databricks reservations cannot be refunded or exchanged."

    assert_disabled(overview(client, reservation), reason)
    assert_disabled(tab_row(client, reservation), reason, f"refund-reason-{reservation.reservation_id}")


def test_a_cancelled_reservation_says_only_an_active_one_can_be_returned(client_as, admin_agent_a, reservation):
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=2)
    reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=reservation.customer)
    assert Reservation.objects.get(pk=reservation.pk).provisioning_state == ProvisioningState.CANCELLED
    client = client_as(admin_agent_a)
    reason = "Reservation Web farm is Cancelled: only an active reservation can be returned or exchanged."

    assert_disabled(overview(client, reservation), reason)
    assert_disabled(tab_row(client, reservation), reason, f"refund-reason-{reservation.reservation_id}")
    refund_page = client.get(quote_url("refund", reservation)).content.decode()
    assert f'id="refund-reason">{reason}</p>' in refund_page and "Calculate refund" not in refund_page


def test_an_expired_reservation_says_only_an_active_one_can_be_returned(
    client_as, admin_agent_a, partner_a, reservation
):
    clock_advance(partner=partner_a, by=timedelta(days=370))
    client = client_as(admin_agent_a)
    reason = "Reservation Web farm is Expired: only an active reservation can be returned or exchanged."

    assert_disabled(overview(client, reservation), reason)
    assert_disabled(tab_row(client, reservation), reason, f"refund-reason-{reservation.reservation_id}")
