"""Billing: invoices (page and /v1/invoices) and invoice lines (page, CSV, /v1 line items and unbilled line
items) cost the same queries at 10 and 500 rows."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from billing.models import Invoice, InvoiceStatus
from billing.services import charge_post, invoice_issue
from tests.query_budgets.budget import LARGE, SMALL, assert_budget
from tests.query_budgets.bulk import clone


def _month_before(start: datetime, months: int) -> datetime:
    index = start.year * 12 + start.month - 1 - months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


@pytest.fixture
def line(frozen, customer_a):
    """One charge on partner A's open January 2030 invoice."""
    return charge_post(
        customer=customer_a,
        source="budget:charge:0",
        order_id="ORDER0000",
        product_name="Windows Server 2022 Standard",
        sku_name="16 core",
        quantity=1,
        unit_price=Decimal("100"),
        currency="USD",
        charged_at=frozen,
    )


@pytest.fixture
def add_lines(line):
    """add_lines(count, invoice=the line's) -> count more lines like `line` (unique sources)."""
    made = []

    def add(count, invoice=None):
        first = len(made) + 1
        made.extend(
            clone(
                line,
                count,
                invoice_id=lambda i: (invoice or line.invoice).pk,
                source=lambda i: f"budget:charge:{first + i}",
            )
        )

    return add


@pytest.fixture
def add_issued_invoices(line):
    """add_issued_invoices(count) -> count issued invoices in the months before the open one."""
    made = []

    def add(count):
        first = len(made) + 1
        start = line.invoice.billing_period_start

        def period(i):
            return _month_before(start, first + i)

        made.extend(
            clone(
                line.invoice,
                count,
                status=lambda i: InvoiceStatus.ISSUED,
                number=lambda i: f"B{first + i:09d}",
                billing_period_start=period,
                billing_period_end=lambda i: _month_before(start, first + i - 1),
                issued_at=lambda i: _month_before(start, first + i - 1),
            )
        )

    return add


@pytest.fixture
def billing_client(client_as, make_user):
    return client_as(make_user(Role.BILLING_ADMIN))


def test_invoice_list_page(billing_client, add_issued_invoices):
    add_issued_invoices(SMALL - 1)

    def shows_the_count(response, rows):
        assert f"{rows} invoices" in response.content.decode()

    assert_budget(
        lambda: billing_client.get(reverse("billing:list")),
        grow=lambda: add_issued_invoices(LARGE - SMALL),
        queries=6,
        check=shows_the_count,
    )


def test_invoice_page_lines(billing_client, line, add_lines):
    add_lines(SMALL - 1)

    def lists_a_page_of_lines(response, rows):
        assert response.content.decode().count("ORDER0000") == min(rows, 100)

    assert_budget(
        lambda: billing_client.get(reverse("billing:detail", args=[line.invoice_id])),
        grow=lambda: add_lines(LARGE - SMALL),
        queries=7,
        check=lists_a_page_of_lines,
    )


def test_invoice_lines_csv(billing_client, line, add_lines):
    add_lines(SMALL - 1)

    def exports_every_line(response, rows):
        assert (
            b"".join(response.streaming_content if response.streaming else [response.content]).count(b"ORDER0000")
            == rows
        )

    assert_budget(
        lambda: billing_client.get(reverse("billing:lines_csv", args=[line.invoice_id])),
        grow=lambda: add_lines(LARGE - SMALL),
        queries=6,
        check=exports_every_line,
    )


def _a_page(response, rows):
    assert response.json()["totalCount"] == min(rows, 100)


def test_invoices_endpoint(app_api, add_issued_invoices):
    add_issued_invoices(SMALL)
    assert_budget(
        lambda: app_api.get("/v1/invoices"), grow=lambda: add_issued_invoices(LARGE - SMALL), queries=2, check=_a_page
    )


def test_invoice_line_items_endpoint(app_api, line, add_lines):
    """An issued invoice takes no more lines, so the 500-line invoice is the next month's, issued in turn."""
    add_lines(SMALL - 1)
    issued = [invoice_issue(invoice_id=line.invoice_id, issued_at=line.invoice.billing_period_end)]

    def issue_the_next_with_more_lines():
        following = Invoice.objects.get(partner=line.invoice.partner, status=InvoiceStatus.OPEN)
        add_lines(LARGE, invoice=following)
        issued.append(invoice_issue(invoice_id=following.pk, issued_at=following.billing_period_end))

    assert_budget(
        lambda: app_api.get(f"/v1/invoices/{issued[-1].number}/lineitems"),
        grow=issue_the_next_with_more_lines,
        queries=3,
        check=_a_page,
    )


def test_unbilled_line_items_endpoint(app_api, add_lines, partner_b):
    add_lines(SMALL - 1)
    assert_budget(
        lambda: app_api.get("/v1/invoices/unbilled/lineitems"),
        grow=lambda: add_lines(LARGE - SMALL),
        queries=2,
        check=_a_page,
    )
