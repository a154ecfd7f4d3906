"""Catalog, cart and order resources in Partner Center's JSON shapes, and the request bodies.

The output serializers render every response and document it in the OpenAPI schema; the input
serializers parse request bodies (structure and types only: the rules live in commerce.services).
Amounts are strings rounded to the currency's minor unit, never floats.
Links are relative to the API root, as Partner Center writes them ("/customers/{id}/orders/{id}").
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commerce.models import BillingCycle, CartStatus, OrderStatus
from commerce.services import MAX_LINE_QUANTITY
from commerce.tax import tax_rule
from partnercenter.api.compiled_output import CompiledOutput
from partnercenter.api.schema import AttributesField, ConstantField, LinkSerializer, LinksField, link
from partnercenter.money import currency_symbol, round_money

PRODUCT_TYPES = {"software": "Software", "reservation": "AzureReservations", "azure_plan": "Azure"}


def _lower_camel_keys(data):
    """Partner Center reads property names case-insensitively ("LineItems" = "lineItems")."""
    if isinstance(data, dict):
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): _lower_camel_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_lower_camel_keys(item) for item in data]
    return data


# --- catalog ---------------------------------------------------------------------------------


def _query(context) -> str:
    country = context.get("country", "")
    return f"?country={country}" if country else ""


class ProductTypeSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField()
    displayName = serializers.CharField(source="get_product_type_display")

    def get_id(self, product) -> str:
        return PRODUCT_TYPES.get(product.product_type, product.product_type)


class ProductSerializer(serializers.Serializer):
    """Partner Center's Product; links carry the country the caller asked in (context "country")."""

    id = serializers.CharField(source="product_id", help_text="12-character product id, e.g. DG7GMGF0FKZV.")
    title = serializers.CharField()
    description = serializers.CharField()
    productType = ProductTypeSerializer(source="*")
    isMicrosoftProduct = serializers.SerializerMethodField()
    publisherName = serializers.CharField(source="publisher")
    links = LinksField(
        skus=lambda p, ctx: link(f"/products/{p.product_id}/skus{_query(ctx)}"),
        self=lambda p, ctx: link(f"/products/{p.product_id}{_query(ctx)}"),
    )
    attributes = AttributesField("Product")

    def get_isMicrosoftProduct(self, product) -> bool:
        return product.publisher == "Microsoft Corporation"


def _sku_uri(sku) -> str:
    return f"/products/{sku.product.product_id}/skus/{sku.sku_id}"


class SkuSerializer(serializers.Serializer):
    id = serializers.CharField(source="sku_id", help_text="4-digit SKU id, e.g. 0003.")
    productId = serializers.CharField(source="product.product_id")
    title = serializers.CharField()
    description = serializers.CharField(source="product.description")
    minimumQuantity = ConstantField(1)
    maximumQuantity = ConstantField(MAX_LINE_QUANTITY)
    isTrial = ConstantField(False)
    supportedBillingCycles = serializers.SerializerMethodField()
    purchasePrerequisites = serializers.SerializerMethodField()
    provisioningVariables = serializers.SerializerMethodField(
        help_text="Keys the line's provisioningContext must carry (reservations)."
    )
    dynamicAttributes = serializers.SerializerMethodField(
        help_text="versions, languages, bitness, skuKind, termDuration."
    )
    links = LinksField(
        availabilities=lambda sku, ctx: link(f"{_sku_uri(sku)}/availabilities{_query(ctx)}"),
        self=lambda sku, ctx: link(f"{_sku_uri(sku)}{_query(ctx)}"),
    )
    attributes = AttributesField("Sku")

    def get_supportedBillingCycles(self, sku) -> list[str]:
        return sku.supported_billing_cycles

    def get_purchasePrerequisites(self, sku) -> list[str]:
        return sku.attributes.get("purchasePrerequisites", [])

    def get_provisioningVariables(self, sku) -> list[str]:
        return sku.attributes.get("provisioningVariables", [])

    def get_dynamicAttributes(self, sku) -> dict:
        return {**sku.attributes, "skuKind": sku.kind, "termDuration": sku.term_duration}


class _MarketPrice(serializers.Serializer):
    """Renders the availability's price in the market (the selector's `market_prices`, one row)."""

    def to_representation(self, availability):
        return super().to_representation(availability.market_prices[0])


class CurrencySerializer(_MarketPrice):
    code = serializers.CharField(source="currency")
    symbol = serializers.SerializerMethodField()

    def get_symbol(self, price) -> str:
        return currency_symbol(price.currency)


class TermSerializer(serializers.Serializer):
    duration = serializers.CharField(source="term_duration")
    billingCycle = serializers.CharField(source="billing_cycle")


class PricingSerializer(_MarketPrice):
    unitPrice = serializers.SerializerMethodField(help_text="Decimal string in the market currency.")
    currencyCode = serializers.CharField(source="currency")
    taxIncluded = serializers.SerializerMethodField(help_text="True in Australia and Brazil.")

    def get_unitPrice(self, price) -> str:
        return str(round_money(price.unit_price, price.currency))

    def get_taxIncluded(self, price) -> bool:
        return tax_rule(self.context["country"]).inclusive


class AvailabilitySerializer(serializers.Serializer):
    """An availability in the market of context "country", priced in its currency."""

    id = serializers.CharField(source="availability_id")
    productId = serializers.CharField(source="sku.product.product_id")
    skuId = serializers.CharField(source="sku.sku_id")
    catalogItemId = serializers.CharField(
        source="catalog_item_id", help_text="productId:skuId:availabilityId — the offerId of an order line."
    )
    country = serializers.SerializerMethodField()
    segment = ConstantField("commercial")
    defaultCurrency = CurrencySerializer(source="*")
    isPurchasable = ConstantField(True)
    isRenewable = ConstantField(False)
    terms = serializers.SerializerMethodField()
    pricing = PricingSerializer(source="*")
    links = LinksField(
        self=lambda a, ctx: link(f"{_sku_uri(a.sku)}/availabilities/{a.availability_id}{_query(ctx)}"),
    )
    attributes = AttributesField("Availability")

    def get_country(self, availability) -> str:
        return self.context["country"]

    @extend_schema_field(TermSerializer(many=True))
    def get_terms(self, availability):
        sku = availability.sku
        if not sku.term_duration:
            return []
        return [{"duration": sku.term_duration, "billingCycle": cycle} for cycle in sku.supported_billing_cycles]


# --- orders ----------------------------------------------------------------------------------


def _offer_uri(line, part: int) -> str:
    product_id, sku_id, availability_id = line.offer_id.split(":")
    return [
        f"/products/{product_id}",
        f"/products/{product_id}/skus/{sku_id}",
        f"/products/{product_id}/skus/{sku_id}/availabilities/{availability_id}",
    ][part]


class OrderLineSerializer(serializers.Serializer):
    lineItemNumber = serializers.IntegerField(source="line_number")
    offerId = serializers.CharField(source="offer_id")
    friendlyName = serializers.CharField(source="friendly_name")
    quantity = serializers.IntegerField(
        source="visible_quantity", help_text="0 once the line's cancellation has taken effect."
    )
    termDuration = serializers.CharField(source="term_duration")
    transactionType = ConstantField("New")
    provisioningContext = serializers.DictField(source="provisioning_context", child=serializers.CharField())
    links = LinksField(
        product=lambda line, ctx: link(_offer_uri(line, 0)),
        sku=lambda line, ctx: link(_offer_uri(line, 1)),
        availability=lambda line, ctx: link(_offer_uri(line, 2)),
    )


def _order_uri(order) -> str:
    return f"/customers/{order.customer.tenant_id}/orders/{order.order_id}"


class OrderSerializer(CompiledOutput, serializers.Serializer):
    """An Order as Partner Center shows it: cancelled lines (once visible) carry quantity 0."""

    id = serializers.CharField(source="order_id", help_text="33-character order id.")
    alternateId = serializers.CharField(source="alternate_id")
    referenceCustomerId = serializers.UUIDField(source="customer.tenant_id")
    billingCycle = serializers.ChoiceField(source="billing_cycle", choices=BillingCycle.values)
    transactionType = ConstantField("UserPurchase")
    currencyCode = serializers.CharField(source="currency")
    currencySymbol = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at", help_text="The partner's clock.")
    status = serializers.ChoiceField(
        choices=OrderStatus.values, help_text="cancelled once every line's cancellation is visible."
    )
    lineItems = OrderLineSerializer(source="lines.all", many=True)
    links = LinksField(
        self=lambda order, ctx: link(_order_uri(order)),
        patchOperation=lambda order, ctx: link(_order_uri(order), "PATCH"),
    )
    attributes = AttributesField("Order")

    def get_currencySymbol(self, order) -> str:
        return currency_symbol(order.currency)


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line_id")
    catalogItemId = serializers.CharField(source="catalog_item_id")
    friendlyName = serializers.CharField(source="friendly_name")
    quantity = serializers.IntegerField()
    currencyCode = serializers.CharField(source="currency")
    billingCycle = serializers.ChoiceField(source="billing_cycle", choices=BillingCycle.values)
    termDuration = serializers.CharField(source="term_duration")
    provisioningContext = serializers.DictField(source="provisioning_context", child=serializers.CharField())
    orderGroup = ConstantField("0")


def _cart_uri(cart) -> str:
    return f"/customers/{cart.customer.tenant_id}/carts/{cart.cart_id}"


class CartSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="cart_id")
    creationTimestamp = serializers.DateTimeField(source="created_at")
    lastModifiedTimestamp = serializers.DateTimeField(source="last_modified_at")
    expirationTimestamp = serializers.DateTimeField(
        source="expires_at", help_text="15 minutes after creation, partner clock."
    )
    lastModifiedUser = serializers.CharField(source="created_by")
    status = serializers.ChoiceField(choices=CartStatus.values)
    lineItems = CartLineSerializer(source="lines.all", many=True)
    links = LinksField(
        self=lambda cart, ctx: link(_cart_uri(cart)),
        checkout=lambda cart, ctx: link(f"{_cart_uri(cart)}/checkout", "POST"),
    )
    attributes = AttributesField("Cart")


class CheckoutResultSerializer(serializers.Serializer):
    """The checkout's answer for one placed order (instance: {"orders": [order]})."""

    orders = OrderSerializer(many=True)
    orderErrors = ConstantField([])
    attributes = AttributesField("CartCheckoutResult")


# --- request bodies --------------------------------------------------------------------------


class _CaseInsensitive(serializers.Serializer):
    def to_internal_value(self, data):
        return super().to_internal_value(_lower_camel_keys(data))


class CartLineItemInSerializer(_CaseInsensitive):
    id = serializers.IntegerField(required=False)
    catalogItemId = serializers.CharField(max_length=80, help_text="productId:skuId:availabilityId")
    quantity = serializers.IntegerField()
    billingCycle = serializers.CharField(required=False, allow_blank=True, max_length=20)
    termDuration = serializers.CharField(required=False, allow_blank=True, max_length=5)
    provisioningContext = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        help_text="Azure reservations: subscriptionId, scope (single|shared), duration (1Year|3Years).",
    )

    def service_item(self, data) -> dict:
        return {
            "catalog_item_id": data["catalogItemId"],
            "quantity": data["quantity"],
            "term_duration": data.get("termDuration"),
            "billing_cycle": data.get("billingCycle"),
            "provisioning_context": data.get("provisioningContext"),
        }


class CartInSerializer(_CaseInsensitive):
    lineItems = CartLineItemInSerializer(many=True, allow_empty=False)

    def service_line_items(self) -> list[dict]:
        child = self.fields["lineItems"].child
        return [child.service_item(item) for item in self.validated_data["lineItems"]]


class OrderLineItemInSerializer(_CaseInsensitive):
    lineItemNumber = serializers.IntegerField(required=False)
    offerId = serializers.CharField(max_length=80, help_text="The catalog item id productId:skuId:availabilityId.")
    quantity = serializers.IntegerField()
    termDuration = serializers.CharField(required=False, allow_blank=True, max_length=5)
    provisioningContext = serializers.DictField(
        child=serializers.CharField(max_length=200, allow_blank=True),
        required=False,
        help_text="Azure reservations: subscriptionId, scope (single|shared), duration (1Year|3Years).",
    )

    def service_item(self, data) -> dict:
        return {
            "offer_id": data["offerId"],
            "quantity": data["quantity"],
            "term_duration": data.get("termDuration"),
            "provisioning_context": data.get("provisioningContext"),
        }


class OrderInSerializer(_CaseInsensitive):
    referenceCustomerId = serializers.CharField(required=False, allow_blank=True)
    billingCycle = serializers.CharField(required=False, allow_blank=True, max_length=20)
    lineItems = OrderLineItemInSerializer(many=True, allow_empty=False)

    def service_line_items(self) -> list[dict]:
        cycle = self.validated_data.get("billingCycle")
        child = self.fields["lineItems"].child
        return [{**child.service_item(item), "billing_cycle": cycle} for item in self.validated_data["lineItems"]]


class CancelLineInSerializer(_CaseInsensitive):
    lineItemNumber = serializers.IntegerField(min_value=0)


class OrderPatchSerializer(_CaseInsensitive):
    id = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=["cancelled"], help_text='Only "cancelled" is accepted.')
    lineItems = CancelLineInSerializer(many=True, required=False, help_text="Omit to cancel every line.")

    def line_numbers(self) -> list[int] | None:
        items = self.validated_data.get("lineItems")
        return None if items is None else [item["lineItemNumber"] for item in items]


class SubscriptionLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    azureEntitlements = LinkSerializer(required=False, help_text="The Azure plan only.")


class AnySubscriptionSerializer(serializers.Serializer):
    """Partner Center's Subscription of any product type (commerce.subscriptions): each owner renders its own
    rows (the Azure plan: reservations; software subscriptions and plans: software); this states their union."""

    id = serializers.UUIDField()
    offerId = serializers.CharField(help_text="The catalog item id.")
    offerName = serializers.CharField()
    friendlyName = serializers.CharField()
    quantity = serializers.IntegerField(min_value=0, help_text="0 once a cancellation has taken effect.")
    unitType = serializers.ChoiceField(choices=["Usage-based", "Licenses"])
    creationDate = serializers.DateTimeField(help_text="The partner's clock.")
    effectiveStartDate = serializers.DateTimeField()
    commitmentEndDate = serializers.DateTimeField(required=False, help_text="Software: the end of the term.")
    status = serializers.ChoiceField(choices=["active", "suspended", "deleted"])
    autoRenewEnabled = serializers.BooleanField()
    billingType = serializers.ChoiceField(choices=["usage", "license"])
    billingCycle = serializers.ChoiceField(choices=BillingCycle.values)
    termDuration = serializers.CharField(required=False, help_text="Software: ISO 8601 term, e.g. P1Y.")
    contractType = serializers.ChoiceField(choices=["subscription"], required=False, help_text="Software only.")
    isTrial = serializers.BooleanField()
    isMicrosoftProduct = serializers.BooleanField()
    publisherName = serializers.CharField()
    orderId = serializers.CharField()
    links = SubscriptionLinksSerializer()
    attributes = AttributesField("Subscription")


@extend_schema_field(AnySubscriptionSerializer(many=True))
class RenderedSubscriptionsField(serializers.Field):
    """The page's subscriptions, already rendered by their sources (partnercenter.api.pagination.paginate_sources)."""

    def __init__(self):
        super().__init__(read_only=True)

    def to_representation(self, items):
        return items
