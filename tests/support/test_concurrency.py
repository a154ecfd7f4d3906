"""Staff approving at the same instant: one request runs its engine once; requests for one customer keep the cap."""

from decimal import Decimal

import pytest

from reservations.models import Refund
from support import services
from support.errors import ServiceRequestClosed
from support.models import Outcome, SupportRequest
from tests.concurrency import run_concurrently
from tests.support.conftest import file_refund


@pytest.mark.django_db(transaction=True)
def test_one_request_approved_four_times_at_once_refunds_once(buy, us_customer, admin_agent_a, staff):
    request = file_refund(admin_agent_a, buy(us_customer, price="1000.00"))

    outcomes = run_concurrently(
        lambda: services.request_approve(request=SupportRequest.objects.get(pk=request.pk), staff=staff), 4
    )

    assert sum(isinstance(outcome, SupportRequest) for outcome in outcomes) == 1
    assert all(isinstance(o, (SupportRequest, ServiceRequestClosed)) for o in outcomes), outcomes
    assert Refund.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_requests_approved_at_once_never_pass_the_cap(buy, us_customer, admin_agent_a, staff, current_profile):
    requests = [file_refund(admin_agent_a, buy(us_customer, price="20000.00")) for _ in range(4)]

    run_concurrently(lambda: services.request_approve(request=requests.pop(), staff=staff), 4)

    outcomes = sorted(SupportRequest.objects.values_list("outcome", flat=True))
    assert outcomes == [Outcome.APPROVED, Outcome.APPROVED, Outcome.REJECTED, Outcome.REJECTED]
    assert sum((r.amount_usd for r in Refund.objects.all()), Decimal(0)) == Decimal("40000.00")
