"""Support page fixtures: reservations bought at chosen prices (the refund fixtures, seed profile: refunds go
through support), software purchases through commerce, and helpers to walk the three-step wizard."""

import re

import pytest
from django.urls import reverse

from commerce.services import order_create
from reservations.services.exchanges import ExchangeReturn, exchange_quote
from reservations.services.refunds import refund_quote
from software.models import SoftwarePurchase
from tests.refunds.conftest import (  # noqa: F401 - fixtures of this folder
    buy,
    current_profile,
    frozen,
    offer_for,
    priced,
    reference_data,
)
from tests.software_purchases import PERPETUAL, WS_DATACENTER, catalog_item


@pytest.fixture(autouse=True)
def private_attachments(settings, tmp_path):
    """Attachments go to a fresh private folder per test."""
    settings.SUPPORT_ATTACHMENT_ROOT = tmp_path / "support-attachments"
    return settings.SUPPORT_ATTACHMENT_ROOT


@pytest.fixture
def reservation(buy, customer_a):  # noqa: F811 - the refund fixture imported above
    """Alpha Srl's EUR 3,650 one-year D-series reservation, bought at T0."""
    return buy(customer_a, price="3650.00")


@pytest.fixture
def refund_session(reservation, admin_agent_a):
    """A refund quote of the reservation (quantity 1), as the Refund page makes it."""
    return refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)


@pytest.fixture
def exchange_session(reservation, customer_a, admin_agent_a):
    """An exchange quote: the reservation for a dearer one of the same family."""
    item = priced(offer_for("IT", index=1), "IT", "4000.00")
    subscription = customer_a.azure_subscriptions.first()
    return exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(reservation, 1)],
        purchases=[{"catalog_item_id": item, "quantity": 1, "subscription_id": subscription.subscription_id}],
    )


@pytest.fixture
def software_purchase(catalog, frozen, customer_a):  # noqa: F811
    """A Windows Server Datacenter perpetual licence bought for Alpha Srl at T0."""
    order = order_create(
        customer=customer_a,
        actor=None,
        line_items=[{"catalog_item_id": catalog_item(WS_DATACENTER, PERPETUAL), "quantity": 2}],
    )
    return SoftwarePurchase.objects.select_related("order_line__order", "customer").get(order_line__order=order)


def wizard_url(reservation, **query) -> str:
    url = reverse("support:reservation_wizard", args=[reservation.customer.tenant_id, reservation.reservation_id])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def wizard_id(page: str) -> str:
    return re.search(r'name="wizard" value="([0-9a-f]{32})"', page).group(1)


BASICS_OK = {"basics-issue_type": "billing", "basics-title": "Refund please"}
PROBLEM_OK = {
    "problem-problem_type": "reservation_management",
    "problem-category": "exchanges_and_refunds",
    "problem-severity": "moderate",
    "problem-description": "Please refund one unit.",
}
CONTACT_OK = {
    "contact-contact_method": "email",
    "contact-contact_name": "Anna Rossi",
    "contact-contact_email": "anna@alpha.example",
    "contact-contact_phone": "",
    "contact-contact_language": "it-IT",
    "contact-contact_time_zone": "Europe/Rome",
}


def walk(client, url, wizard, subscription_id, *, contact=None):
    """Answer the three steps with valid input; returns the response to Create."""
    client.post(
        url,
        {"wizard": wizard, "step": "basics", "action": "next", "basics-subscription_id": subscription_id} | BASICS_OK,
    )
    client.post(url, {"wizard": wizard, "step": "problem", "action": "next"} | PROBLEM_OK)
    return client.post(url, {"wizard": wizard, "step": "contact", "action": "create"} | (contact or CONTACT_OK))
