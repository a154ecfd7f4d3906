"""Partner Center shapes for invoices and one-time invoice line items (camelCase field names).

Amounts are strings rounded to the currency's minor unit, so no client ever sees a float.
"""

from datetime import UTC, datetime, time

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnercenter.api.schema import AttributesField, ConstantField
from partnercenter.money import currency_symbol, round_money


@extend_schema_field(OpenApiTypes.STR)
class MoneyField(serializers.Field):
    """Reads `attr` and the row's `currency` (source="*"), and renders the rounded amount as a string."""

    def __init__(self, attr: str, **kwargs):
        self.attr = attr
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, row):
        return str(round_money(getattr(row, self.attr), row.currency))


class InvoiceSerializer(serializers.Serializer):
    """Partner Center's Invoice (one-time invoice type); `totalCharges` is the invoice total incl. tax."""

    id = serializers.CharField(source="number")
    invoiceDate = serializers.DateTimeField(source="issued_at")
    billingPeriodStartDate = serializers.DateTimeField(source="billing_period_start")
    billingPeriodEndDate = serializers.SerializerMethodField()
    totalCharges = MoneyField("total_amount")
    taxTotal = MoneyField("total_tax")
    creditTotal = MoneyField("total_credits")
    paidAmount = serializers.SerializerMethodField()
    currencyCode = serializers.CharField(source="currency")
    currencySymbol = serializers.SerializerMethodField()
    amendments = ConstantField([], help_text="Corrections are new lines on a later invoice, never amendments.")
    documentType = ConstantField("Invoice")
    invoiceType = ConstantField("one_time")
    invoiceDetails = serializers.SerializerMethodField()
    attributes = AttributesField("Invoice")

    def get_billingPeriodEndDate(self, invoice) -> datetime:
        return datetime.combine(invoice.billing_period_last_day, time(), tzinfo=UTC)

    def get_currencySymbol(self, invoice) -> str:
        return currency_symbol(invoice.currency)

    def get_paidAmount(self, invoice) -> str:
        return "0"

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"invoiceLineItemType": {"type": "string"}, "billingProvider": {"type": "string"}},
                "required": ["invoiceLineItemType", "billingProvider"],
            },
        }
    )
    def get_invoiceDetails(self, invoice):
        return [{"invoiceLineItemType": "billing_line_items", "billingProvider": "one_time"}]


class OneTimeLineItemSerializer(serializers.Serializer):
    """Partner Center's OneTimeInvoiceLineItem, from the line's own snapshot of the customer."""

    partnerId = serializers.UUIDField(source="invoice.partner.tenant_id")
    mpnId = serializers.CharField(source="invoice.partner.mpn_id")
    customerId = serializers.UUIDField(source="customer.tenant_id")
    customerName = serializers.CharField(source="customer_name")
    customerDomainName = serializers.CharField(source="customer_domain")
    customerCountry = serializers.CharField(source="customer_country")
    invoiceNumber = serializers.CharField(source="invoice.number")
    orderId = serializers.CharField(source="order_id")
    orderDate = serializers.DateTimeField(source="charged_at")
    productId = serializers.CharField(source="product_id")
    skuId = serializers.CharField(source="sku_id")
    availabilityId = serializers.CharField(source="availability_id")
    productName = serializers.CharField(source="product_name")
    skuName = serializers.CharField(source="sku_name")
    chargeType = serializers.CharField(source="charge_type")
    unitPrice = MoneyField("unit_price")
    effectiveUnitPrice = MoneyField("unit_price")
    quantity = serializers.IntegerField()
    billableQuantity = serializers.IntegerField(source="quantity")
    subtotal = MoneyField("subtotal")
    taxTotal = MoneyField("tax")
    totalForCustomer = MoneyField("total")
    currency = serializers.CharField()
    pricingCurrency = serializers.CharField(source="currency")
    chargeStartDate = serializers.DateTimeField(source="charge_start", allow_null=True)
    chargeEndDate = serializers.DateTimeField(
        source="charge_end", allow_null=True, help_text="null on unbilled lines until the period closes."
    )
    attributes = AttributesField("OneTimeInvoiceLineItem")


# The CSV export's columns, in order: the line-item field names integrators already know.
CSV_COLUMNS = [
    "invoiceNumber",
    "customerId",
    "customerName",
    "customerDomainName",
    "customerCountry",
    "orderId",
    "orderDate",
    "productId",
    "skuId",
    "availabilityId",
    "productName",
    "skuName",
    "chargeType",
    "quantity",
    "unitPrice",
    "subtotal",
    "taxTotal",
    "totalForCustomer",
    "currency",
    "chargeStartDate",
    "chargeEndDate",
]
