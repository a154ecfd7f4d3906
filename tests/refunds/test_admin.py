"""The back office: refunds, quotes and exchanges listed; policy profiles and exchange rates editable."""

from decimal import Decimal

import pytest

from partnercenter.models import AuditRecord
from reservations.models import ExchangeRate, RefundSettings
from reservations.services.refunds import refund_quote, reservation_return

pytestmark = pytest.mark.django_db


def test_refunds_and_quotes_are_listed_with_amounts_and_profile(buy, customer_a, admin_agent_a, admin_client):
    reservation = buy(customer_a, price="3650.00")
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)

    refunds = admin_client.get("/admin/reservations/refund/").content.decode()
    quotes = admin_client.get("/admin/reservations/refundquote/").content.decode()

    assert "3212.00" in refunds and "438.00" in refunds and "Seed: early termination fee of 12 percent" in refunds
    assert "3212.00" in quotes and "Alpha Srl" in quotes


def test_the_policy_profile_is_set_through_the_service_and_audited(partner_a, admin_client):
    response = admin_client.post(
        "/admin/reservations/refundsettings/add/", {"partner": partner_a.pk, "policy_profile": "current"}
    )

    assert response.status_code == 302
    assert RefundSettings.objects.get(partner=partner_a).policy_profile == "current"
    assert AuditRecord.objects.filter(partner=partner_a, operation_type="update_refund_policy").count() == 1


def test_an_exchange_rate_is_editable_and_refuses_a_non_positive_rate(reference_data, admin_client):
    rate = ExchangeRate.objects.get(currency="EUR", valid_from="2026-01-01")
    url = f"/admin/reservations/exchangerate/{rate.pk}/change/"

    refused = admin_client.post(url, {"currency": "EUR", "valid_from": "2026-01-01", "usd_per_unit": "0"})
    accepted = admin_client.post(url, {"currency": "EUR", "valid_from": "2026-01-01", "usd_per_unit": "1.2"})

    assert refused.status_code == 200 and "exchange_rate_positive" in refused.content.decode()
    assert accepted.status_code == 302
    rate.refresh_from_db()
    assert rate.usd_per_unit == Decimal("1.2")
