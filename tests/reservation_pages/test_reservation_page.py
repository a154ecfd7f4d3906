"""The reservation's page: Overview (utilization chart and averages), Access control (IAM), Configuration,
Properties; what each role sees and may do; another partner's reservation is 404 and nothing changes."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import ReservationRole
from reservations import services
from reservations.models import AppliedScopeType, Reservation, ReservationRoleAssignment, UtilizationDay
from simulation.services import clock_advance
from tests.factories import CustomerUserFactory

SECTIONS = ["overview", "access", "configuration", "properties"]


def url(section, reservation, customer=None):
    customer = customer or reservation.customer
    return reverse(f"reservations:{section}", args=[customer.tenant_id, reservation.reservation_id])


def remove_url(reservation, assignment):
    return reverse(
        "reservations:access_remove",
        args=[reservation.customer.tenant_id, reservation.reservation_id, assignment.assignment_id],
    )


@pytest.fixture
def reservation(reserve):
    return reserve(display_name="Web farm")


@pytest.fixture
def helpdesk_reader(make_user, reservation):
    """A helpdesk agent (reads reservations) holding the Reservations Reader role on this one."""
    user = make_user(Role.HELPDESK_AGENT)
    services.role_assignment_add(reservation=reservation, actor=None, user_id=user.pk, role=ReservationRole.READER)
    return user


# --- Overview ---------------------------------------------------------------------------------


def test_overview_shows_status_scope_expiry_renewal_and_the_refund_buttons(client_as, admin_agent_a, reservation):
    page = client_as(admin_agent_a).get(url("overview", reservation))
    text = page.content.decode()
    assert page.status_code == 200
    assert "<h2>Web farm <span" in text
    assert '<span class="badge ok">Succeeded</span>' in text
    assert "Shared: every Azure subscription of the customer" in text
    assert "Jan. 10, 2031" in text
    assert "Auto-renew off: the reservation expires at the end of its term." in text
    refund = reverse("reservations_refunds:refund", args=[reservation.customer.tenant_id, reservation.reservation_id])
    assert f'<a class="btn" href="{refund}">Refund</a>' in text
    assert f'<a class="btn" href="{refund.replace("/refund/", "/exchange/")}">Exchange</a>' in text
    wizard = reverse("support:reservation_wizard", args=[reservation.customer.tenant_id, reservation.reservation_id])
    assert f'<a href="{wizard}?kind=question" id="support-request">New support request</a>' in text
    assert "No utilization yet" in text


def test_overview_charts_daily_utilization_with_1_7_30_day_averages(client_as, admin_agent_a, partner_a, reservation):
    clock_advance(partner=partner_a, by=timedelta(days=40))
    days = list(UtilizationDay.objects.filter(reservation=reservation).order_by("-day")[:30])
    text = client_as(admin_agent_a).get(url("overview", reservation)).content.decode()

    def shown(value: Decimal) -> str:
        return f"{value.quantize(Decimal('0.01')).quantize(Decimal('0.1'), rounding='ROUND_HALF_UP')}%"

    averages = re.search(r'<ul class="resv-averages" id="averages">(.*?)</ul>', text, re.S).group(1)
    assert f"Last day<strong>{shown(days[0].utilization_percent)}</strong>" in averages
    assert f"7-day average<strong>{shown(sum(d.utilization_percent for d in days[:7]) / 7)}</strong>" in averages
    assert f"30-day average<strong>{shown(sum(d.utilization_percent for d in days) / 30)}</strong>" in averages
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('<rect class="resv-bar') == 30
    oldest = days[-1]
    assert f"<title>{oldest.day:%m/%d/%Y}: {oldest.utilization_percent:.0f}%</title>" in svg
    table = text[text.index('<details class="resv-chart-data">') :]
    assert table.count("<tr><td>") == 30


def test_reservation_pages_carry_no_inline_script_or_style(client_as, admin_agent_a, partner_a, reservation):
    """A Content-Security-Policy without 'unsafe-inline' must not break them: scripts come from static files."""
    clock_advance(partner=partner_a, by=timedelta(days=3))
    client = client_as(admin_agent_a)
    for section in SECTIONS:
        text = client.get(url(section, reservation)).content.decode()
        main = text[text.index("<main") :]
        assert " style=" not in main
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", main))
        assert '<script src="/static/reservations/reservations' in main


# --- Access control (IAM) ---------------------------------------------------------------------


def test_an_owner_adds_a_reader_and_removes_them(client_as, admin_agent_a, make_user, customer_a, reservation):
    reader = make_user(Role.ACCOUNT_ADMIN)  # sees no reservation through its role
    client = client_as(admin_agent_a)
    page = client.get(url("access", reservation))
    assert "No role assignments on this reservation yet." in page.content.decode()
    assert f'<option value="{reader.pk}">{reader.username} (partner)</option>' in page.content.decode()

    response = client.post(url("access", reservation), {"user": reader.pk, "role": "reservations_reader"})
    assert response.status_code == 302
    assignment = ReservationRoleAssignment.objects.get(reservation=reservation)
    assert (assignment.user, assignment.role) == (reader, "reservations_reader")
    text = client.get(response.url).content.decode()
    assert f"{reader.username} now has the role Reservations Reader on Web farm." in text
    assert "Reservations Reader" in text[text.index('id="assignments"') :]

    # The reader opens the reservation through the assignment alone ...
    reader_client = client_as(reader)
    assert reader_client.get(url("overview", reservation)).status_code == 200
    # ... and loses it the moment the assignment is removed.
    client = client_as(admin_agent_a)
    response = client.post(remove_url(reservation, assignment))
    assert response.status_code == 302
    assert not ReservationRoleAssignment.objects.exists()
    assert (
        f"{reader.username} no longer has the role Reservations Reader on Web farm."
        in client.get(response.url).content.decode()
    )
    assert client_as(reader).get(url("overview", reservation)).status_code == 404


def test_customer_users_can_be_given_a_role(client_as, admin_agent_a, customer_a, reservation):
    customer_admin = CustomerUserFactory(customer=customer_a)
    client = client_as(admin_agent_a)
    response = client.post(url("access", reservation), {"user": customer_admin.pk, "role": "owner"})
    assert response.status_code == 302
    text = client.get(response.url).content.decode()
    assert f"{customer_admin.username}</td>" in text and 'Alpha Srl <span class="muted">(customer)</span>' in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "reservations_reader"}, "This field is required."),
        ({"user": "PICK", "role": ""}, "This field is required."),
        ({"user": "PICK", "role": "contributor"}, "Select a valid choice. contributor is not one of the available"),
        ({"user": "999999", "role": "owner"}, "Select a valid choice. 999999 is not one of the available choices."),
        ({"user": "x'; drop", "role": "owner"}, "is not one of the available choices."),
    ],
)
def test_bad_role_assignments_are_form_errors(client_as, admin_agent_a, make_user, reservation, data, message):
    user = make_user(Role.SALES_AGENT)
    data = {key: (str(user.pk) if value == "PICK" else value) for key, value in data.items()}
    response = client_as(admin_agent_a).post(url("access", reservation), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReservationRoleAssignment.objects.exists()


def test_the_same_role_twice_is_refused(client_as, admin_agent_a, helpdesk_reader, reservation):
    data = {"user": helpdesk_reader.pk, "role": "reservations_reader"}
    response = client_as(admin_agent_a).post(url("access", reservation), data)
    assert response.status_code == 400
    assert "already holds this role on the reservation." in response.content.decode()
    assert ReservationRoleAssignment.objects.count() == 1


def test_another_partners_user_cannot_be_assigned(client_as, admin_agent_a, admin_agent_b, reservation):
    response = client_as(admin_agent_a).post(url("access", reservation), {"user": admin_agent_b.pk, "role": "owner"})
    assert response.status_code == 400
    assert "is not one of the available choices." in response.content.decode()
    assert f"{admin_agent_b.username}" not in response.content.decode().split('id="id_user"')[1].split("</select>")[0]
    assert not ReservationRoleAssignment.objects.exists()


def test_removing_an_unknown_assignment_says_so(client_as, admin_agent_a, helpdesk_reader, reservation):
    ghost = ReservationRoleAssignment(assignment_id="00000000-0000-0000-0000-000000000001")
    response = client_as(admin_agent_a).post(remove_url(reservation, ghost), follow=True)
    assert "No such role assignment on this reservation." in response.content.decode()
    assert ReservationRoleAssignment.objects.count() == 1


def test_a_reader_sees_no_change_controls_and_is_refused_on_post(client_as, helpdesk_reader, make_user, reservation):
    client = client_as(helpdesk_reader)
    text = client.get(url("access", reservation)).content.decode()
    assert "only an Owner can add or remove role assignments" in text
    assert "Add role assignment" not in text and ">Remove<" not in text
    text = client.get(url("configuration", reservation)).content.decode()
    assert "Your access to this reservation is read-only" in text
    assert 'name="display_name"' not in text and ">Save<" not in text

    other = make_user(Role.SALES_AGENT)
    assert client.post(url("access", reservation), {"user": other.pk, "role": "owner"}).status_code == 403
    assignment = ReservationRoleAssignment.objects.get()
    assert client.post(remove_url(reservation, assignment)).status_code == 403
    response = client.post(url("configuration", reservation), {"display_name": "Mine", "scope": "Shared"})
    assert response.status_code == 403
    reservation.refresh_from_db()
    assert reservation.display_name == "Web farm"
    assert ReservationRoleAssignment.objects.count() == 1


def test_a_reservations_administrator_configures_but_does_not_assign(client_as, make_user, reservation):
    user = make_user(Role.SALES_AGENT)
    services.role_assignment_add(
        reservation=reservation, actor=None, user_id=user.pk, role=ReservationRole.ADMINISTRATOR
    )
    client = client_as(user)
    response = client.post(url("configuration", reservation), {"display_name": "Renamed", "scope": "Shared"})
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.display_name == "Renamed"
    assert "Add role assignment" not in client.get(url("access", reservation)).content.decode()
    assert client.post(url("access", reservation), {"user": user.pk, "role": "owner"}).status_code == 403


# --- Configuration ----------------------------------------------------------------------------


def test_configuration_changes_scope_name_renewal_and_hybrid_benefit(
    client_as, admin_agent_a, customer_a, subscriptions_a, reservation
):
    development = subscriptions_a["Development"]
    client = client_as(admin_agent_a)
    text = client.get(url("configuration", reservation)).content.decode()
    assert 'value="Web farm"' in text and 'name="hybrid_benefit"' in text
    data = {
        "display_name": "Web farm EU",
        "scope": "Single",
        "applied_subscription": str(development.subscription_id),
        "renew": "on",
        "hybrid_benefit": "on",
    }
    response = client.post(url("configuration", reservation), data)
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.display_name == "Web farm EU"
    assert (reservation.applied_scope_type, reservation.applied_subscription) == (AppliedScopeType.SINGLE, development)
    assert reservation.renew and reservation.hybrid_benefit
    assert reservation.etag == 2
    text = client.get(response.url).content.decode()
    assert "The configuration of Web farm EU was saved." in text
    text = client.get(url("overview", reservation)).content.decode()
    assert f"Single subscription: Development ({development.subscription_id})" in text
    assert "Auto-renew on: a new reservation is bought on the expiry date." in text

    response = client.post(url("configuration", reservation), {"display_name": "Web farm EU", "scope": "Shared"})
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.applied_scope_type == AppliedScopeType.SHARED and reservation.applied_subscription is None
    assert not reservation.renew and not reservation.hybrid_benefit


def test_hybrid_benefit_is_offered_for_virtual_machines_only(client_as, admin_agent_a, reserve):
    cosmos = reserve(identity=("CosmosDb", "Cosmos_DB_100_RUs", "westeurope", "P3Y"))
    client = client_as(admin_agent_a)
    assert 'name="hybrid_benefit"' not in client.get(url("configuration", cosmos)).content.decode()
    data = {"display_name": "Cosmos", "scope": "Shared", "hybrid_benefit": "on"}
    assert client.post(url("configuration", cosmos), data).status_code == 302
    cosmos.refresh_from_db()
    assert cosmos.display_name == "Cosmos" and not cosmos.hybrid_benefit


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scope": "Single"}, "Choose the subscription a single-subscription scope applies to."),
        ({"scope": "Single", "applied_subscription": "00000000-0000-0000-0000-000000000000"}, "is not one of the"),
        ({"scope": "Single", "applied_subscription": "nope"}, "Select a valid choice. nope is not one of the"),
        ({"scope": "Global"}, "Select a valid choice. Global is not one of the available choices."),
        ({"scope": ""}, "This field is required."),
        ({"display_name": ""}, "This field is required."),
        ({"display_name": "n" * 65}, "Ensure this value has at most 64 characters (it has 65)."),
        ({"display_name": "bad/name"}, "A reservation name is 1 to 64 letters, digits, spaces, hyphens"),
    ],
)
def test_bad_configuration_is_a_form_error_and_changes_nothing(client_as, admin_agent_a, reservation, data, message):
    data = {"display_name": "Changed", "scope": "Shared", "renew": "on", **data}
    response = client_as(admin_agent_a).post(url("configuration", reservation), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    reservation.refresh_from_db()
    assert (reservation.display_name, reservation.renew, reservation.etag) == ("Web farm", False, 1)


def test_an_inactive_subscription_is_refused_by_the_service(client_as, admin_agent_a, subscriptions_a, reservation):
    """The form lists active subscriptions; one suspended after the page was drawn is refused on save."""
    development = subscriptions_a["Development"]
    development.status = "suspended"
    development.save(update_fields=["status"])
    data = {"display_name": "Web farm", "scope": "Single", "applied_subscription": str(development.subscription_id)}
    response = client_as(admin_agent_a).post(url("configuration", reservation), data)
    assert response.status_code == 400
    assert "is not one of the available choices." in response.content.decode()
    reservation.refresh_from_db()
    assert reservation.applied_scope_type == AppliedScopeType.SHARED


def test_an_expired_reservation_can_no_longer_be_configured(client_as, admin_agent_a, partner_a, reservation):
    clock_advance(partner=partner_a, by=timedelta(days=370))
    client = client_as(admin_agent_a)
    text = client.get(url("configuration", reservation)).content.decode()
    assert "This reservation has ended: its configuration can no longer change." in text
    response = client.post(url("configuration", reservation), {"display_name": "Late", "scope": "Shared"})
    assert response.status_code == 400
    assert "can no longer be changed" in response.content.decode()
    reservation.refresh_from_db()
    assert reservation.display_name == "Web farm"


# --- Properties -------------------------------------------------------------------------------


def test_properties_show_the_ids_with_copy_buttons_and_the_purchase(client_as, admin_agent_a, customer_a, reservation):
    text = client_as(admin_agent_a).get(url("properties", reservation)).content.decode()
    order = reservation.order
    assert f'<code id="reservation-id">{reservation.reservation_id}</code>' in text
    assert f'<code id="reservation-order-id">{order.reservation_order_id}</code>' in text
    assert 'data-copy-target="reservation-id"' in text and 'data-copy-target="reservation-order-id"' in text
    assert text.count('data-copied="Copied"') == 2
    for value in ["Jan. 10, 2030, 9 a.m.", "1 year", "Upfront", "Standard_D2s_v5", "EU West", "westeurope"]:
        assert value in text
    assert "<dt>Quantity</dt><dd>2</dd>" in text
    line_order = order.order_line.order
    assert f'href="{reverse("commerce:order_detail", args=[customer_a.tenant_id, line_order.order_id])}"' in text


# --- tenancy ----------------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
def test_another_partners_reservation_is_404(client_as, admin_agent_a, admin_agent_b, customer_a, reservation, section):
    assert client_as(admin_agent_b).get(url(section, reservation)).status_code == 404
    assert client_as(admin_agent_a).get(url(section, reservation)).status_code == 200


def test_another_partners_writes_are_404_and_change_nothing(client_as, admin_agent_b, helpdesk_reader, reservation):
    client = client_as(admin_agent_b)
    data = {"display_name": "Hijacked", "scope": "Shared"}
    assert client.post(url("configuration", reservation), data).status_code == 404
    assert client.post(url("access", reservation), {"user": admin_agent_b.pk, "role": "owner"}).status_code == 404
    assignment = ReservationRoleAssignment.objects.get()
    assert client.post(remove_url(reservation, assignment)).status_code == 404
    reservation.refresh_from_db()
    assert reservation.display_name == "Web farm"
    assert ReservationRoleAssignment.objects.get() == assignment


def test_a_reservation_under_another_customer_address_is_404(
    client_as, admin_agent_a, partner_a, reservation, customer_b_with_reservation
):
    from tests.factories import CustomerFactory

    other = CustomerFactory(partner=partner_a)
    client = client_as(admin_agent_a)
    assert client.get(url("overview", reservation, customer=other)).status_code == 404
    assert client.get(url("overview", customer_b_with_reservation, customer=reservation.customer)).status_code == 404
    assert (
        Reservation.objects.get(pk=customer_b_with_reservation.pk).display_name
        == customer_b_with_reservation.display_name
    )
