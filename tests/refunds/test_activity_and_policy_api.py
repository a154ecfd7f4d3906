"""Quotes, returns and exchanges in the Activity log with their actor; the refund policy profile on /v1."""

import pytest

from accounts.models import Role
from partnercenter.models import AuditRecord
from reservations.models import RefundSettings
from reservations.refund_errors import QuoteNotFound
from reservations.services.refunds import refund_quote, reservation_return
from tests.api_personas import assert_error

pytestmark = pytest.mark.django_db


def test_the_activity_log_lists_quotes_returns_and_refusals_with_the_actor(
    buy, customer_a, admin_agent_a, make_user, client_as, current_profile
):
    reservation = buy(customer_a)
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)
    reservation_return(session_id=quote.session_id, actor=admin_agent_a, customer=customer_a)
    with pytest.raises(QuoteNotFound):
        reservation_return(session_id="nope", actor=admin_agent_a, customer=customer_a)

    page = client_as(make_user(Role.GLOBAL_ADMIN)).get("/activity-log/").content.decode()

    assert "Calculated a reservation refund" in page and "Returned a reservation" in page
    assert "Returned a reservation (refused)" in page
    assert page.count(admin_agent_a.username) == 3


def test_the_policy_profile_is_read_and_switched_on_the_api(api_as, make_user, partner_a):
    admin = api_as(make_user(Role.ADMIN_AGENT))

    assert admin.get("/v1/reservations/refundpolicy").json() == {
        "policyProfile": "seed",
        "earlyTerminationFeePercent": "12.00",
        "refundLimitUsd": "50000.00",
        "refundWindowDays": 365,
    }
    switched = admin.put("/v1/reservations/refundpolicy", {"policyProfile": "current"}, format="json")

    assert switched.status_code == 200 and switched.json()["earlyTerminationFeePercent"] == "0.00"
    assert RefundSettings.objects.get(partner=partner_a).policy_profile == "current"
    assert AuditRecord.objects.filter(operation_type="update_refund_policy").count() == 1


@pytest.mark.parametrize("body", [{}, {"policyProfile": "legacy"}, {"policyProfile": 12}, {"policyProfile": None}])
def test_a_bad_profile_is_400_and_changes_nothing(api_as, make_user, partner_a, body):
    admin = api_as(make_user(Role.ADMIN_AGENT))

    assert_error(admin.put("/v1/reservations/refundpolicy", body, format="json"), 400)
    assert not RefundSettings.objects.exists()


def test_only_reservation_managers_switch_the_profile(api_as, make_user):
    helpdesk = api_as(make_user(Role.HELPDESK_AGENT))

    assert helpdesk.get("/v1/reservations/refundpolicy").status_code == 200
    assert_error(helpdesk.put("/v1/reservations/refundpolicy", {"policyProfile": "current"}, format="json"), 403)
    assert not RefundSettings.objects.exists()
