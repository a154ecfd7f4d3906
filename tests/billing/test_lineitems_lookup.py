"""An invoice's line items look the invoice up without summing its lines (the list never shows totals)."""

from datetime import UTC, datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from simulation.services import clock_advance


def test_line_items_do_not_total_the_invoice_but_the_invoice_still_does(app_api, charge, customer_a, frozen_a):
    for _ in range(3):
        charge(customer_a, "2.00", currency="EUR")
    clock_advance(partner=frozen_a, to=datetime(2030, 2, 2, tzinfo=UTC))
    number = frozen_a.invoices.get(status="issued").number

    with CaptureQueriesContext(connection) as lines_queries:
        lines = app_api.get(f"/v1/invoices/{number}/lineitems")
    with CaptureQueriesContext(connection) as invoice_queries:
        invoice = app_api.get(f"/v1/invoices/{number}")

    assert lines.status_code == 200 and lines.json()["totalCount"] == 3
    assert not [q["sql"] for q in lines_queries.captured_queries if "SUM(" in q["sql"]]
    assert invoice.json()["totalCharges"] == "7.32"  # 3 × 2.00 + 22 % IT tax
    assert [q["sql"] for q in invoice_queries.captured_queries if "SUM(" in q["sql"]]
