"""A customer's own users: the Azure reservations page lists, read-only, the reservations of their customer they
hold a role on; any other reservation (unassigned, or another customer's) is 404; partner users get 403."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import CustomerRole
from accounts.permissions import ReservationRole
from reservations import services
from tests.customers.test_i18n import switch_to_italian
from tests.factories import CustomerUserFactory

LIST = "/my/reservations/"


def detail(reservation) -> str:
    return reverse("my_reservations:detail", args=[reservation.reservation_id])


def assign(reservation, user, role=ReservationRole.READER):
    services.role_assignment_add(reservation=reservation, actor=None, user_id=user.pk, role=role)


@pytest.fixture
def customer_user(customer_a):
    return CustomerUserFactory(customer=customer_a, customer_role=CustomerRole.USER)


def test_the_list_shows_the_reservations_the_user_holds_a_role_on(client_as, customer_user, reserve):
    held = reserve(display_name="Web farm")
    other = reserve(display_name="Batch pool")
    assign(held, customer_user)

    page = client_as(customer_user).get(LIST)

    text = page.content.decode()
    assert page.status_code == 200 and reverse("my_reservations:list") == LIST
    row = text[text.index(f'<tr data-reservation="{held.reservation_id}">') :]
    row = row[: row.index("</tr>")]
    assert f'<a href="{detail(held)}">Web farm</a>' in row
    for cell in ["Virtual machines", "Standard_D2s_v5", "EU West", ">2<", "1 year", "Shared", "01/10/2031"]:
        assert cell in row
    assert '<span class="badge ok">Succeeded</span>' in row and "<td>Reservations Reader</td>" in row
    assert "Batch pool" not in text and str(other.reservation_id) not in text
    assert '<a href="/my/reservations/" class="active">Azure reservations</a>' in text  # the top bar
    assert "Refund" not in text and "/reservations/customers/" not in text  # read-only, no partner pages


def test_the_reservation_page_is_read_only(client_as, customer_user, reserve):
    reservation = reserve(display_name="Web farm")
    assign(reservation, customer_user, ReservationRole.OWNER)

    page = client_as(customer_user).get(detail(reservation))

    text = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Web farm <span" in text and "<dd>Owner</dd>" in text
    assert f"<code>{reservation.reservation_id}</code>" in text
    assert f"<code>{reservation.order.reservation_order_id}</code>" in text
    assert "Shared: every Azure subscription of the customer" in text and "Jan. 10, 2031" in text
    assert "Read only: your partner changes, refunds and exchanges this reservation on your behalf." in text
    assert "<form" not in text.split("</header>", 1)[1]  # nothing to submit below the top bar


def test_an_unassigned_reservation_of_the_same_customer_is_404(client_as, customer_user, reserve):
    reservation = reserve()

    assert client_as(customer_user).get(detail(reservation)).status_code == 404


def test_another_customers_reservation_is_404_even_with_a_role_there(
    client_as, customer_user, reserve, customer_b_with_reservation
):
    mine = reserve()
    assign(mine, customer_user)
    other_user = CustomerUserFactory(customer=customer_b_with_reservation.customer)
    assign(customer_b_with_reservation, other_user)
    client = client_as(customer_user)

    assert client.get(detail(customer_b_with_reservation)).status_code == 404
    assert str(customer_b_with_reservation.reservation_id) not in client.get(LIST).content.decode()
    assert client_as(other_user).get(detail(mine)).status_code == 404


def test_without_a_role_the_page_says_how_to_get_one(client_as, customer_user, reserve):
    reserve()

    text = client_as(customer_user).get(LIST).content.decode()

    assert "You hold no role on any Azure reservation of your organisation." in text


@pytest.mark.parametrize("role", [CustomerRole.USER, CustomerRole.BILLING_ADMIN])
def test_a_customer_user_without_software_starts_on_the_reservations(client_as, customer_a, role):
    home = client_as(CustomerUserFactory(customer=customer_a, customer_role=role)).get("/")

    assert home.status_code == 302 and home["Location"] == LIST


def test_partner_users_are_refused(client_as, admin_agent_a, reserve):
    reservation = reserve()
    client = client_as(admin_agent_a)

    assert client.get(LIST).status_code == 403
    assert client.get(detail(reservation)).status_code == 403
    assert 'href="/my/reservations/"' not in client.get(reverse("customers:list")).content.decode()


def test_the_list_has_a_query_budget(client_as, customer_user, reserve, django_assert_max_num_queries):
    client = client_as(customer_user)
    assign(reserve(), customer_user)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    for _ in range(4):
        assign(reserve(), customer_user)

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(LIST)
    assert page.content.decode().count("<tr data-reservation=") == 5


def test_the_pages_speak_italian(client_as, customer_user, reserve):
    reservation = reserve(display_name="Web farm")
    assign(reservation, customer_user)
    client = client_as(customer_user)
    switch_to_italian(client)

    listing = client.get(LIST).content.decode()
    page = client.get(detail(reservation)).content.decode()

    assert ">Prenotazioni di Azure</a>" in listing and "Lettore delle prenotazioni" in listing
    assert "Il tuo ruolo" in listing and "Macchine virtuali" in listing
    assert "Sola lettura: il tuo partner modifica, rimborsa e cambia questa prenotazione per tuo conto." in page
