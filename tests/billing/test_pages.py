"""Billing pages: the list, one invoice, the CSV, who may see them, and tenancy."""

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import CAPABILITY_ROLES, Capability
from billing import services
from billing.serializers import CSV_COLUMNS
from simulation.services import clock_advance
from tests.factories import CustomerUserFactory

LIST_URL = reverse("billing:list")
WITH_BILLING = sorted(CAPABILITY_ROLES[Capability.VIEW_BILLING])
WITHOUT_BILLING = sorted(set(Role.values) - CAPABILITY_ROLES[Capability.VIEW_BILLING])


def table_rows(page: str) -> list[list[str]]:
    """The page's table body as a person reads it: one list of cell texts per row."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def props(page: str) -> dict[str, str]:
    """The invoice header card (a <dl>) as {label: value}."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, re.S)
    return {label: " ".join(unescape(re.sub(r"<[^>]+>", " ", value)).split()) for label, value in pairs}


@pytest.fixture
def january(charge, customer_a, customer_au, frozen_a):
    """An issued January: two charges (IT, AU) and, in February, a credit for the IT one."""
    charge(customer_a, "100.00", order_id="ORDERIT1", source="order:it:1")
    charge(customer_au, "110.00", currency="AUD", order_id="ORDERAU1")
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 5, tzinfo=UTC))
    services.credit_post(
        customer=customer_a,
        source="order:it:1:cancel",
        order_id="ORDERIT1",
        product_name="Windows Server 2022 Standard",
        sku_name="16 core",
        quantity=1,
        amount=Decimal("40.00"),
        currency="EUR",
        credited_at=datetime(2030, 2, 5, tzinfo=UTC),
    )
    return frozen_a.invoices.get(currency="EUR", billing_period_start__month=1)


def test_billing_admin_sees_the_invoice_list_with_totals(client_as, billing_admin_a, january):
    page = client_as(billing_admin_a).get(LIST_URL).content.decode()

    january_aud = january.partner.invoices.get(currency="AUD", status="issued")
    # Billing period, number, invoice date, charges, credits, tax, total, currency, status.
    assert table_rows(page) == [
        ["02/01/2030 – 02/28/2030", "—", "—", "A$0.00", "A$0.00", "A$0.00", "A$0.00", "AUD", "Open"],
        ["02/01/2030 – 02/28/2030", "—", "—", "€0.00", "-€40.00", "-€8.80", "-€48.80", "EUR", "Open"],
        [
            "01/01/2030 – 01/31/2030",
            january_aud.number,
            "02/01/2030",
            "A$100.00",
            "A$0.00",
            "A$10.00",
            "A$110.00",
            "AUD",
            "Issued",
        ],
        [
            "01/01/2030 – 01/31/2030",
            january.number,
            "02/01/2030",
            "€100.00",
            "€0.00",
            "€22.00",
            "€122.00",
            "EUR",
            "Issued",
        ],
    ]
    assert 'href="/billing/"' in page  # the Billing nav entry


def test_the_list_page_has_a_query_budget(
    client_as, billing_admin_a, charge, customer_a, frozen_a, django_assert_max_num_queries
):
    charge(customer_a, "1.00")
    clock_advance(partner=frozen_a, to=datetime(2030, 12, 5, tzinfo=UTC))
    client = client_as(billing_admin_a)

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12


def test_invoice_page_lists_the_lines(client_as, global_admin_a, january, django_assert_max_num_queries):
    client = client_as(global_admin_a)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("billing:detail", args=[january.pk])).content.decode()

    assert f"Invoice {january.number}" in page
    assert props(page) == {
        "Billing period": "01/01/2030 – 01/31/2030",
        "Status": "Issued",
        "Invoice date": "02/01/2030",
        "Total charges": "€100.00",
        "Credits": "€0.00",
        "Tax": "€22.00",
        "Total": "€122.00",
    }
    # Customer, order id, product, SKU, charge type, quantity, unit price, subtotal, tax, total.
    assert table_rows(page) == [
        [
            "Alpha Srl alpha.onmicrosoft.com",
            "ORDERIT1",
            "Windows Server 2022 Standard",
            "16 core",
            "new",
            "1",
            "€100.00",
            "€100.00",
            "€22.00",
            "€122.00",
        ]
    ]


def test_the_invoice_page_has_a_query_budget_whatever_its_lines(
    client_as, billing_admin_a, charge, customer_a, customer_au, django_assert_max_num_queries
):
    for number in range(30):
        charge(customer_a if number % 2 else customer_au, "3.00", currency="EUR")
    invoice = customer_a.partner.invoices.get(currency="EUR")
    client = client_as(billing_admin_a)

    with django_assert_max_num_queries(8):
        page = client.get(reverse("billing:detail", args=[invoice.pk])).content.decode()
    with django_assert_max_num_queries(8):
        csv_response = client.get(reverse("billing:lines_csv", args=[invoice.pk]))

    assert len(table_rows(page)) == 30
    assert len(csv_response.content.decode().splitlines()) == 31


def test_the_open_invoice_shows_the_credit_and_exports_csv(client_as, billing_admin_a, january):
    open_invoice = january.partner.invoices.get(currency="EUR", status="open")
    client = client_as(billing_admin_a)

    page = client.get(reverse("billing:detail", args=[open_invoice.pk])).content.decode()
    response = client.get(reverse("billing:lines_csv", args=[open_invoice.pk]))

    assert "Current billing period" in page and "cancelImmediate" in page and "-€48.80" in page
    assert response["Content-Type"].startswith("text/csv")
    assert "open-2030-02-EUR" in response["Content-Disposition"]
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    rows = list(reader)
    assert reader.fieldnames == CSV_COLUMNS
    assert len(rows) == 1
    row = rows[0]
    assert (row["orderId"], row["chargeType"], row["quantity"]) == ("ORDERIT1", "cancelImmediate", "1")
    assert (row["unitPrice"], row["subtotal"], row["taxTotal"], row["totalForCustomer"]) == (
        "-40.00",
        "-40.00",
        "-8.80",
        "-48.80",
    )
    assert (row["currency"], row["customerName"], row["invoiceNumber"]) == ("EUR", "Alpha Srl", "")


def test_csv_of_an_issued_invoice(client_as, billing_admin_a, january):
    response = client_as(billing_admin_a).get(reverse("billing:lines_csv", args=[january.pk]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["invoiceNumber"], r["orderId"], r["totalForCustomer"]) for r in rows] == [
        (january.number, "ORDERIT1", "122.00")
    ]


@pytest.mark.parametrize("role", WITHOUT_BILLING)
def test_every_role_without_billing_gets_403_and_no_nav_entry(client_as, make_user, january, role):
    client = client_as(make_user(role))

    for url in (
        LIST_URL,
        reverse("billing:detail", args=[january.pk]),
        reverse("billing:lines_csv", args=[january.pk]),
    ):
        assert client.get(url).status_code == 403
    home = client.get("/", follow=True).content.decode()
    assert 'href="/billing/"' not in home


@pytest.mark.parametrize("role", WITH_BILLING)
def test_every_role_with_billing_sees_the_pages(client_as, make_user, january, role):
    client = client_as(make_user(role))

    for url in (
        LIST_URL,
        reverse("billing:detail", args=[january.pk]),
        reverse("billing:lines_csv", args=[january.pk]),
    ):
        assert client.get(url).status_code == 200


def test_a_customers_global_admin_gets_403(client, january):
    client.force_login(CustomerUserFactory(customer=january.lines.first().customer))
    assert client.get(LIST_URL).status_code == 403


def test_another_partners_invoice_is_404(client_as, admin_agent_b, january):
    client = client_as(admin_agent_b)

    assert client.get(reverse("billing:detail", args=[january.pk])).status_code == 404
    assert client.get(reverse("billing:lines_csv", args=[january.pk])).status_code == 404
    assert january.number not in client.get(LIST_URL).content.decode()


def test_an_unknown_invoice_id_is_404(client_as, billing_admin_a):
    client = client_as(billing_admin_a)

    assert client.get("/billing/invoices/999999999/").status_code == 404
    assert client.get("/billing/invoices/not-a-number/").status_code == 404
    assert client.get(LIST_URL + "?page=abc").status_code == 200


def test_the_invoice_page_in_italian(client_as, billing_admin_a, january):
    client = client_as(billing_admin_a)

    page = client.get(LIST_URL, headers={"accept-language": "it"}).content.decode()

    assert "Fatturazione" in page and "Periodo di fatturazione" in page and "Emessa" in page


def test_amounts_group_thousands_in_the_readers_language(client_as, billing_admin_a, charge, customer_a):
    invoice = charge(customer_a, "12887.94").invoice
    client = client_as(billing_admin_a)
    url = reverse("billing:detail", args=[invoice.pk])

    english = client.get(url).content.decode()
    italian = client.get(url, headers={"accept-language": "it"}).content.decode()

    assert table_rows(english)[0][-4:] == ["€12,887.94", "€12,887.94", "€2,835.35", "€15,723.29"]
    assert table_rows(italian)[0][-4:] == ["12.887,94 €", "12.887,94 €", "2.835,35 €", "15.723,29 €"]
