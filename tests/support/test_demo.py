"""Demo support requests: filed and worked through the services, once."""

import pytest

from demo.partners import seed_operator
from demo.support import seed_support
from support.models import Outcome, RequestKind, Status

pytestmark = pytest.mark.django_db


def test_seed_support_files_and_works_requests_once(partner_a, admin_agent_a, buy, buy_software, customer_a):
    buy(customer_a)
    buy_software(customer_a)
    operator = seed_operator()

    assert seed_support(partner_a, operator=operator) == 3
    assert seed_support(partner_a, operator=operator) == 0

    requests = {request.kind: request for request in partner_a.support_requests.all()}
    assert requests[RequestKind.RESERVATION_REFUND].status == Status.OPEN
    assert requests[RequestKind.SOFTWARE_CANCELLATION].status == Status.ATTENTION_NEEDED
    assert requests[RequestKind.PARTNER_CENTER_PROBLEM].outcome == Outcome.REJECTED
