from django.urls import path

from billing import api

urlpatterns = [
    path("invoices", api.InvoiceListView.as_view(), name="api-invoices"),
    # Before "invoices/<id>/lineitems": "unbilled" is not an invoice id.
    path("invoices/unbilled/lineitems", api.UnbilledLineItemsView.as_view(), name="api-invoices-unbilled"),
    path("invoices/<str:invoice_id>", api.InvoiceDetailView.as_view(), name="api-invoice"),
    path("invoices/<str:invoice_id>/lineitems", api.InvoiceLineItemsView.as_view(), name="api-invoice-lineitems"),
]
