"""GET /v1/invoices, /v1/invoices/{id}, /v1/invoices/{id}/lineitems and /v1/invoices/unbilled/lineitems.

The API's invoice id is the invoice number, so only issued invoices are invoices here; the open
period's lines are the "unbilled" line items, as in Partner Center. Only one-time line items exist.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from billing import selectors
from billing.models import InvoiceStatus
from billing.serializers import InvoiceSerializer, OneTimeLineItemSerializer
from partnercenter.api.errors import ApiError
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters, query_text

PROVIDER = OpenApiParameter(
    "provider", str, enum=["onetime"], description="Billing provider: only `onetime` exists here (default)."
)
LINE_ITEM_TYPE = OpenApiParameter(
    "invoicelineitemtype",
    str,
    enum=["billinglineitems"],
    description="Only `billinglineitems` exists for one-time items (default).",
)
# By invoice, then id: the order of index invoiceline_invoice_id, so unbilled line items (the open invoices,
# one per currency) are read invoice by invoice from it and stop at the page size. One invoice: as by id.
LINE_ITEM_ORDER = ("invoice_id", "id")


INVOICES = collection_of(InvoiceSerializer, "InvoiceCollection")
INVOICE_LINES = collection_of(OneTimeLineItemSerializer, "OneTimeInvoiceLineItemCollection")
UNBILLED_LINES = collection_of(OneTimeLineItemSerializer, "UnbilledLineItemCollection")


def _check_line_item_query(request) -> None:
    """Refuse providers and line item types the simulator does not bill, instead of answering empty."""
    provider = request.query_params.get("provider", "onetime").lower()
    if provider != "onetime":
        raise ApiError(400, 800002, "provider must be 'onetime': this simulator bills one-time items only.")
    item_type = request.query_params.get("invoicelineitemtype", "billinglineitems").lower()
    if item_type != "billinglineitems":
        raise ApiError(400, 800002, "invoicelineitemtype must be 'billinglineitems' for provider 'onetime'.")


class InvoiceListView(PartnerAPIView):
    required_capability = Capability.VIEW_BILLING

    @extend_schema(
        operation_id="invoices_list",
        tags=["invoices"],
        parameters=paging_parameters(),
        responses={200: INVOICES, **error_responses(400, *COMMON_ERRORS)},
    )
    def get(self, request):
        """The partner's issued invoices, newest billing period first."""
        invoices = selectors.invoice_list(partner=self.partner, status=InvoiceStatus.ISSUED)
        return paginate(request, invoices, INVOICES, order=("-billing_period_start", "-id"))


class InvoiceDetailView(PartnerAPIView):
    required_capability = Capability.VIEW_BILLING

    @extend_schema(
        operation_id="invoices_retrieve",
        tags=["invoices"],
        responses={200: InvoiceSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, invoice_id):
        """One issued invoice by its number; another partner's invoice is 404."""
        invoice = selectors.invoice_get_by_number(partner=self.partner, number=invoice_id)
        return Response(InvoiceSerializer(invoice).data)


class InvoiceLineItemsView(PartnerAPIView):
    required_capability = Capability.VIEW_BILLING

    @extend_schema(
        operation_id="invoices_lineitems_list",
        tags=["invoices"],
        parameters=[PROVIDER, LINE_ITEM_TYPE, *paging_parameters()],
        responses={
            200: INVOICE_LINES,
            **error_responses(400, *COMMON_ERRORS, 404),
        },
    )
    def get(self, request, invoice_id):
        """The one-time line items of an issued invoice (charges positive, credits negative)."""
        invoice = selectors.invoice_get_by_number(partner=self.partner, number=invoice_id, totals=False)
        _check_line_item_query(request)
        lines = selectors.invoice_lines(invoice=invoice)
        return paginate(request, lines, INVOICE_LINES, order=LINE_ITEM_ORDER)


class UnbilledLineItemsView(PartnerAPIView):
    required_capability = Capability.VIEW_BILLING

    @extend_schema(
        operation_id="invoices_unbilled_lineitems_list",
        tags=["invoices"],
        parameters=[
            PROVIDER,
            LINE_ITEM_TYPE,
            query_text("currencycode", "Only lines in this currency (ISO 4217).", pattern="^([A-Za-z]{3})?$"),
            OpenApiParameter(
                "period", str, enum=["current"], description="Only `current` (the open billing period; default)."
            ),
            *paging_parameters(),
        ],
        responses={
            200: UNBILLED_LINES,
            **error_responses(400, *COMMON_ERRORS),
        },
    )
    def get(self, request):
        """Line items on the partner's open invoices: what the next invoices will bill."""
        _check_line_item_query(request)
        if request.query_params.get("period", "current").lower() != "current":
            raise ApiError(400, 800002, "period must be 'current': earlier periods are billed, see their invoice.")
        currency = request.query_params.get("currencycode", "")
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise ApiError(400, 800002, "currencycode must be a three-letter ISO 4217 code.")
        lines = selectors.unbilled_lines(partner=self.partner, currency=currency)
        return paginate(request, lines, UNBILLED_LINES, order=LINE_ITEM_ORDER)
