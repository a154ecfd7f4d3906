"""Support staff decide through the self-service engines: the refund cap, exchanges, software windows."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import InvoiceLine, LineKind
from commerce.errors import CommerceError
from partnercenter.models import AuditRecord
from reservations.models import Exchange, Refund
from reservations.services.exchanges import ExchangeReturn, exchange_quote
from reservations.services.refunds import refund_quote
from simulation.services import clock_advance
from software.models import CancellationPolicy, PurchaseStatus, SoftwareSettings
from software.services import purchase_cancel
from support import services
from support.errors import ServiceRequestClosed, SupportError, SupportForbidden
from support.models import AuthorKind, Outcome, RequestKind, Status
from tests.refunds.conftest import offer_for, priced, reload, run_credits, set_clock
from tests.software_purchases import ONE_YEAR, SQL_ENTERPRISE
from tests.support.conftest import file_problem, file_refund

pytestmark = pytest.mark.django_db


def test_two_refunds_that_together_pass_the_cap_the_second_is_rejected_and_nothing_credited(
    buy, us_customer, admin_agent_a, staff, current_profile
):
    first, second = buy(us_customer, price="30000.00"), buy(us_customer, price="30000.00")
    request_1, request_2 = file_refund(admin_agent_a, first), file_refund(admin_agent_a, second)

    services.request_approve(request=request_1, staff=staff)
    services.request_approve(request=request_2, staff=staff)

    request_1.refresh_from_db()
    request_2.refresh_from_db()
    assert (request_1.outcome, request_1.credited_amount, request_1.credited_currency) == (
        Outcome.APPROVED,
        Decimal("30000.00"),
        "USD",
    )
    assert request_1.result_reference == str(Refund.objects.get(reservation=first).refund_id)
    assert (request_2.status, request_2.outcome, request_2.credited_amount) == (Status.CLOSED, Outcome.REJECTED, None)
    assert "would pass the customer's limit of USD 50000" in request_2.outcome_reason
    assert "USD 20000.00 is left" in request_2.outcome_reason
    assert request_2.notes.get(author_kind=AuthorKind.SYSTEM).text == request_2.outcome_reason
    assert not Refund.objects.filter(reservation=second).exists()
    assert reload(second).quantity == 1
    run_credits()
    assert InvoiceLine.objects.filter(customer=us_customer, kind=LineKind.CREDIT).count() == 1
    failed = AuditRecord.objects.get(operation_type="return_reservation", operation_status="failed")
    assert failed.user_principal_name == staff.username
    decisions = AuditRecord.objects.filter(operation_type="decide_service_request").order_by("id")
    assert [record.resource_type for record in decisions] == ["service_request", "service_request"]


def test_an_approved_refund_reaches_the_next_invoice_after_the_clock_moves(
    buy, us_customer, admin_agent_a, staff, partner_a, current_profile
):
    reservation = buy(us_customer, price="1200.00")
    request = file_refund(admin_agent_a, reservation)

    services.request_approve(request=request, staff=staff)
    clock_advance(partner=partner_a, by=timedelta(days=40))

    credit = InvoiceLine.objects.get(customer=us_customer, kind=LineKind.CREDIT)
    assert credit.subtotal == Decimal("-1200.00")
    assert credit.source == Refund.objects.get(reservation=reservation).credit_source
    assert credit.invoice.status == "issued"


def test_a_refund_request_keeps_the_quote_it_was_filed_from(buy, us_customer, admin_agent_a, current_profile):
    reservation = buy(us_customer, price="1200.00", quantity=2)
    quote = refund_quote(reservation=reservation, actor=admin_agent_a, quantity=1)

    request = file_refund(admin_agent_a, reservation, session=str(quote.session_id))

    assert (request.quantity, request.amount_requested, request.currency) == (1, Decimal("1200.00"), "USD")
    assert request.number.startswith("300110") and len(request.number) == 16
    assert request.reservation_order_id == reservation.order.reservation_order_id


def test_an_exchange_request_is_requoted_at_approval_when_its_session_expired(
    buy, customer_a, admin_agent_a, staff, partner_a
):
    reservation = buy(customer_a, price="3650.00")
    set_clock(partner_a, reservation.order.expires_at - timedelta(days=200))
    item = priced(offer_for("IT", index=1), "IT", "2500.00")
    subscription = customer_a.azure_subscriptions.first()
    quote = exchange_quote(
        customer=customer_a,
        actor=admin_agent_a,
        returns=[ExchangeReturn(reload(reservation), 1)],
        purchases=[{"catalog_item_id": item, "quantity": 1, "subscription_id": subscription.subscription_id}],
    )
    request = file_refund(
        admin_agent_a, reload(reservation), session=str(quote.session_id), kind=RequestKind.RESERVATION_EXCHANGE
    )
    set_clock(partner_a, partner_a.clock_frozen_at + timedelta(hours=2))  # the partner's session has expired

    services.request_approve(request=request, staff=staff)

    request.refresh_from_db()
    assert request.outcome == Outcome.APPROVED, request.outcome_reason
    exchange = Exchange.objects.get(exchange_id=request.result_reference)
    assert exchange.quote.session_id != quote.session_id  # a fresh quote: the filed one had expired
    assert (request.credited_amount, request.credited_currency) == (Decimal("2000.00"), "EUR")
    assert "2000.00 EUR refunded and 2500.00 EUR purchased" in request.outcome_reason


def test_an_exchange_request_needs_its_exchange_calculation(buy, customer_a, admin_agent_a):
    reservation = buy(customer_a)

    with pytest.raises(SupportError, match="needs the exchange calculation"):
        file_refund(admin_agent_a, reservation, kind=RequestKind.RESERVATION_EXCHANGE)


def test_a_software_cancellation_after_the_window_is_rejected_where_policy_allows_no_exception(
    buy_software, customer_a, partner_a, admin_agent_a, staff
):
    purchase = buy_software(customer_a)  # perpetual, legacy policy: 30 days, no support exception beyond
    clock_advance(partner=partner_a, by=timedelta(days=31))
    request = file_problem(
        admin_agent_a, customer_a, kind=RequestKind.SOFTWARE_CANCELLATION, order_id=purchase.order_line.order.order_id
    )

    services.request_approve(request=request, staff=staff)

    request.refresh_from_db()
    assert request.outcome == Outcome.REJECTED
    assert "You have passed your 30-day cancellation window" in request.outcome_reason
    assert request.credited_amount is None
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.ACTIVE


def test_a_software_cancellation_under_the_support_exception_is_approved_and_credited(
    buy_software, customer_a, partner_a, admin_agent_a, staff
):
    SoftwareSettings.objects.create(partner=partner_a, cancellation_policy=CancellationPolicy.CURRENT)
    purchase = buy_software(customer_a, SQL_ENTERPRISE, ONE_YEAR)
    clock_advance(partner=partner_a, by=timedelta(days=10))
    line = purchase.order_line
    with pytest.raises(CommerceError, match="7-day cancellation window"):
        purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a)
    request = file_problem(
        admin_agent_a, customer_a, kind=RequestKind.SOFTWARE_CANCELLATION, order_id=line.order.order_id
    )

    services.request_approve(request=request, staff=staff)
    clock_advance(partner=partner_a, by=timedelta(minutes=15))

    request.refresh_from_db()
    assert request.outcome == Outcome.APPROVED
    assert "cancelled under the support exception" in request.outcome_reason
    credit = InvoiceLine.objects.get(source=f"software.cancel:{line.pk}")
    assert credit.subtotal == -request.credited_amount
    assert request.credited_amount == (line.unit_price * line.quantity * Decimal(355) / Decimal(365)).quantize(
        Decimal("0.01")
    )


def test_the_support_exception_is_staffs_alone(buy_software, customer_a, partner_a, admin_agent_a, current_policy):
    purchase = buy_software(customer_a, SQL_ENTERPRISE, ONE_YEAR)
    line = purchase.order_line

    with pytest.raises(CommerceError, match="only support staff"):
        purchase_cancel(order=line.order, lines=[line], actor=admin_agent_a, through_support=True)


def test_helpdesk_agents_file_and_read_but_cannot_decide(buy, customer_a, helpdesk_agent_a):
    request = file_refund(helpdesk_agent_a, buy(customer_a))

    for decide in (
        lambda: services.request_approve(request=request, staff=helpdesk_agent_a),
        lambda: services.request_reject(request=request, staff=helpdesk_agent_a, reason="no"),
        lambda: services.information_ask(request=request, staff=helpdesk_agent_a, text="why?"),
    ):
        with pytest.raises(SupportForbidden):
            decide()
    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.OPEN, Outcome.PENDING)


def test_a_partner_user_flagged_staff_is_not_support_staff(buy, customer_a, admin_agent_a, staff_partner_user):
    request = file_refund(admin_agent_a, buy(customer_a))

    with pytest.raises(SupportForbidden, match="only Microsoft support staff"):
        services.request_approve(request=request, staff=staff_partner_user)
    assert not Refund.objects.exists()


def test_asking_for_information_then_the_partners_answer_reopens(buy, customer_a, admin_agent_a, staff):
    request = file_refund(admin_agent_a, buy(customer_a))

    services.information_ask(request=request, staff=staff, text="Which workload moved?")
    assert request.status == Status.ATTENTION_NEEDED
    services.note_add(request=request, actor=admin_agent_a, text="The ERP moved to another region.")

    request.refresh_from_db()
    assert request.status == Status.OPEN
    assert [(n.author_kind, n.asks_for_information) for n in request.notes.all()] == [
        (AuthorKind.STAFF, True),
        (AuthorKind.PARTNER, False),
    ]


def test_a_rejection_needs_a_reason_and_closes_the_request(buy, customer_a, admin_agent_a, staff):
    request = file_refund(admin_agent_a, buy(customer_a))
    with pytest.raises(SupportError, match="Reason is required"):
        services.request_reject(request=request, staff=staff, reason="  ")

    services.request_reject(request=request, staff=staff, reason="Outside the policy.")

    assert (request.status, request.outcome, request.outcome_reason) == (
        Status.CLOSED,
        Outcome.REJECTED,
        "Outside the policy.",
    )
    with pytest.raises(ServiceRequestClosed):
        services.request_approve(request=request, staff=staff)
    with pytest.raises(ServiceRequestClosed):
        services.note_add(request=request, actor=admin_agent_a, text="But why?")


def test_closing_withdraws_an_undecided_request(buy, customer_a, admin_agent_a, staff):
    request = file_refund(admin_agent_a, buy(customer_a))

    services.request_close(request=request, actor=admin_agent_a)

    assert (request.status, request.outcome) == (Status.CLOSED, Outcome.WITHDRAWN)
    with pytest.raises(ServiceRequestClosed):
        services.request_close(request=request, actor=admin_agent_a)


def test_a_question_is_approved_as_resolved_without_money(buy, customer_a, admin_agent_a, staff):
    request = file_refund(admin_agent_a, buy(customer_a), kind=RequestKind.RESERVATION_QUESTION)

    services.request_approve(request=request, staff=staff)

    assert (request.outcome, request.credited_amount) == (Outcome.APPROVED, None)
    assert not Refund.objects.exists()


def test_a_request_cannot_carry_another_reservations_quote(buy, us_customer, admin_agent_a):
    quoted, other = buy(us_customer), buy(us_customer)
    quote = refund_quote(reservation=quoted, actor=admin_agent_a, quantity=1)

    with pytest.raises(SupportError, match="about another reservation"):
        file_refund(admin_agent_a, other, session=str(quote.session_id))
    with pytest.raises(SupportError, match="does not fit the kind"):
        file_refund(admin_agent_a, quoted, session=str(quote.session_id), kind=RequestKind.RESERVATION_EXCHANGE)
    with pytest.raises(SupportError, match="No such refund or exchange calculation"):
        file_refund(admin_agent_a, quoted, session="not-a-session")
