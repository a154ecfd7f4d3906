"""Support fixtures: the refund tests' reservations (bought at chosen prices), software purchases, personas."""

import pytest

from accounts.models import Role
from commerce.services import order_create
from software.models import SoftwarePurchase
from support import services
from support.models import RequestKind
from tests.factories import UserFactory
from tests.refunds.conftest import buy, current_profile, reference_data, us_customer  # noqa: F401 - fixtures
from tests.software_purchases import WS_DATACENTER, catalog_item

CONTACT = {"method": "email", "name": "Mario Rossi", "email": "mario@partner.example", "language": "it-IT"}


@pytest.fixture(autouse=True)
def private_attachments(settings, tmp_path):
    """Attachments go to a fresh private folder per test."""
    settings.SUPPORT_ATTACHMENT_ROOT = tmp_path / "support-attachments"
    return settings.SUPPORT_ATTACHMENT_ROOT


@pytest.fixture
def staff(db):
    """The operator's support staff: Django staff belonging to no partner."""
    return UserFactory(partner=None, username="support@simulator.example", is_staff=True)


@pytest.fixture
def staff_partner_user(make_user):
    """A partner user whose is_staff flag is set: still a partner user, never support staff."""
    user = make_user(Role.GLOBAL_ADMIN, Role.ADMIN_AGENT)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def buy_software(catalog, frozen):
    """buy_software(customer, product_id=WS_DATACENTER, sku_id="0001") -> the SoftwarePurchase."""

    def purchase(customer, product_id=WS_DATACENTER, sku_id="0001"):
        order = order_create(
            customer=customer,
            actor=None,
            line_items=[{"catalog_item_id": catalog_item(product_id, sku_id), "quantity": 1}],
        )
        return SoftwarePurchase.objects.select_related("order_line__order").get(order_line__order=order)

    return purchase


def file_refund(actor, reservation, *, quantity=None, session="", kind=RequestKind.RESERVATION_REFUND):
    return services.reservation_request_create(
        actor=actor,
        customer=reservation.customer,
        reservation=reservation,
        kind=kind,
        quantity=quantity,
        refund_session_id=session,
        basics={"title": "Refund please", "severity": "moderate"},
        problem={"description": "The customer no longer needs it.", "reason": "Workload moved"},
        contact=CONTACT,
    )


def file_problem(actor, customer=None, *, kind=RequestKind.PARTNER_CENTER_PROBLEM, files=(), **fields):
    values = {"title": "Cannot cancel", "description": "Please help.", "severity": "minimal", **fields}
    return services.problem_report_create(
        actor=actor, customer=customer, kind=kind, contact=CONTACT, files=files, **values
    )
