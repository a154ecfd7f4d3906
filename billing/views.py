"""Billing pages: the invoice list, one invoice with its lines, and the lines as CSV."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accounts.decorators import partner_required
from accounts.permissions import Capability
from billing import selectors
from billing.serializers import CSV_COLUMNS, OneTimeLineItemSerializer
from partnercenter.csv_export import csv_text

INVOICES_PER_PAGE = 25
LINES_PER_PAGE = 100
# Numbers the serializer formats (a credit's are negative): written as they are, never quoted as text.
CSV_NUMBER_COLUMNS = frozenset({"quantity", "unitPrice", "subtotal", "taxTotal", "totalForCustomer"})


@partner_required(Capability.VIEW_BILLING)
def invoice_list_view(request):
    invoices = selectors.invoice_list(partner=request.user.partner)
    page = Paginator(invoices, INVOICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "billing/invoice_list.html", {"page": page})


@partner_required(Capability.VIEW_BILLING)
def invoice_detail_view(request, pk):
    invoice = selectors.invoice_get(partner=request.user.partner, pk=pk)
    lines = Paginator(selectors.invoice_lines(invoice=invoice), LINES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "billing/invoice_detail.html", {"invoice": invoice, "page": lines})


@partner_required(Capability.VIEW_BILLING)
def invoice_lines_csv_view(request, pk):
    """All lines of one invoice (open or issued) with the API's field names as columns.

    Names are customer or partner text, so every column but the numbers goes through `csv_text`.
    """
    invoice = selectors.invoice_get(partner=request.user.partner, pk=pk)
    label = invoice.number or f"open-{invoice.billing_period_start:%Y-%m}-{invoice.currency}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invoice-{label}-lines.csv"'
    writer = csv.DictWriter(response, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for line in selectors.invoice_lines(invoice=invoice).iterator(chunk_size=500):
        row = OneTimeLineItemSerializer(line).data
        writer.writerow(
            {column: row[column] if column in CSV_NUMBER_COLUMNS else csv_text(row[column]) for column in CSV_COLUMNS}
        )
    return response
