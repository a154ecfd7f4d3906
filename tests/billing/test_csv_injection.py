"""The invoice lines CSV never hands a spreadsheet a formula, and its amounts stay numbers."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from billing import services

FORMULA = '=HYPERLINK("http://x")'


def test_names_starting_a_formula_are_quoted_and_a_credit_stays_negative(
    client_as, billing_admin_a, customer_a, charge
):
    customer_a.company_name = FORMULA
    customer_a.save(update_fields=["company_name"])
    charge(customer_a, "100.00", order_id="ORDERIT1", product_name="+SUM(1,2)", sku_name="@cmd")
    line, _created = services.credit_post(
        customer=customer_a,
        source="order:it:1:cancel",
        order_id="ORDERIT1",
        product_name="-2+3",
        sku_name="\tTab",
        quantity=1,
        amount=Decimal("40.00"),
        currency="EUR",
        credited_at=customer_a.partner.clock_frozen_at,
    )

    response = client_as(billing_admin_a).get(reverse("billing:lines_csv", args=[line.invoice_id]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["customerName"], r["productName"], r["skuName"]) for r in rows] == [
        ("'" + FORMULA, "'+SUM(1,2)", "'@cmd"),
        ("'" + FORMULA, "'-2+3", "'\tTab"),
    ]
    credit = rows[1]
    assert (credit["unitPrice"], credit["subtotal"], credit["totalForCustomer"]) == ("-40.00", "-40.00", "-48.80")
    assert (rows[0]["quantity"], rows[0]["subtotal"]) == ("1", "100.00")
