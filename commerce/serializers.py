"""Catalog, cart and order resources in Partner Center's JSON shapes, and the request bodies.

Responses are built by the `*_json` functions; the Serializer classes document them for the
OpenAPI schema and parse request bodies (structure and types only: the rules live in
commerce.services). Amounts are strings rounded to the currency's minor unit, never floats.
Links are relative to the API root, as Partner Center writes them ("/customers/{id}/orders/{id}").
"""

from rest_framework import serializers

from commerce.models import Availability, Cart, Order, OrderLine, Product, Sku
from commerce.services import MAX_LINE_QUANTITY
from commerce.tax import tax_rule
from partnercenter.money import currency_symbol, round_money

PRODUCT_TYPES = {"software": "Software", "reservation": "AzureReservations", "azure_plan": "Azure"}


def _link(uri: str, method: str = "GET") -> dict:
    return {"uri": uri, "method": method, "headers": []}


def _lower_camel_keys(data):
    """Partner Center reads property names case-insensitively ("LineItems" = "lineItems")."""
    if isinstance(data, dict):
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): _lower_camel_keys(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_lower_camel_keys(item) for item in data]
    return data


# --- catalog ---------------------------------------------------------------------------------


def product_json(product: Product, *, country: str = "") -> dict:
    query = f"?country={country}" if country else ""
    product_type = PRODUCT_TYPES.get(product.product_type, product.product_type)
    return {
        "id": product.product_id,
        "title": product.title,
        "description": product.description,
        "productType": {"id": product_type, "displayName": product.get_product_type_display()},
        "isMicrosoftProduct": product.publisher == "Microsoft Corporation",
        "publisherName": product.publisher,
        "links": {
            "skus": _link(f"/products/{product.product_id}/skus{query}"),
            "self": _link(f"/products/{product.product_id}{query}"),
        },
        "attributes": {"objectType": "Product"},
    }


def sku_json(sku: Sku, *, country: str) -> dict:
    base = f"/products/{sku.product.product_id}/skus/{sku.sku_id}"
    return {
        "id": sku.sku_id,
        "productId": sku.product.product_id,
        "title": sku.title,
        "description": sku.product.description,
        "minimumQuantity": 1,
        "maximumQuantity": MAX_LINE_QUANTITY,
        "isTrial": False,
        "supportedBillingCycles": sku.supported_billing_cycles,
        "purchasePrerequisites": sku.attributes.get("purchasePrerequisites", []),
        "provisioningVariables": sku.attributes.get("provisioningVariables", []),
        "dynamicAttributes": {**sku.attributes, "skuKind": sku.kind, "termDuration": sku.term_duration},
        "links": {
            "availabilities": _link(f"{base}/availabilities?country={country}"),
            "self": _link(f"{base}?country={country}"),
        },
        "attributes": {"objectType": "Sku"},
    }


def availability_json(availability: Availability, *, country: str) -> dict:
    sku, price = availability.sku, availability.market_prices[0]
    terms = (
        [{"duration": sku.term_duration, "billingCycle": cycle} for cycle in sku.supported_billing_cycles]
        if sku.term_duration
        else []
    )
    base = f"/products/{sku.product.product_id}/skus/{sku.sku_id}/availabilities/{availability.availability_id}"
    return {
        "id": availability.availability_id,
        "productId": sku.product.product_id,
        "skuId": sku.sku_id,
        "catalogItemId": availability.catalog_item_id,
        "country": country,
        "segment": "commercial",
        "defaultCurrency": {"code": price.currency, "symbol": currency_symbol(price.currency)},
        "isPurchasable": True,
        "isRenewable": False,
        "terms": terms,
        "pricing": {
            "unitPrice": str(round_money(price.unit_price, price.currency)),
            "currencyCode": price.currency,
            "taxIncluded": tax_rule(country).inclusive,
        },
        "links": {"self": _link(f"{base}?country={country}")},
        "attributes": {"objectType": "Availability"},
    }


# --- orders ----------------------------------------------------------------------------------


def order_line_json(line: OrderLine) -> dict:
    product_id, sku_id, availability_id = line.offer_id.split(":")
    return {
        "lineItemNumber": line.line_number,
        "offerId": line.offer_id,
        "friendlyName": line.friendly_name,
        "quantity": line.visible_quantity,
        "termDuration": line.term_duration,
        "transactionType": "New",
        "provisioningContext": line.provisioning_context,
        "links": {
            "product": _link(f"/products/{product_id}"),
            "sku": _link(f"/products/{product_id}/skus/{sku_id}"),
            "availability": _link(f"/products/{product_id}/skus/{sku_id}/availabilities/{availability_id}"),
        },
    }


def order_json(order: Order) -> dict:
    """An Order as Partner Center shows it: cancelled lines (once visible) carry quantity 0."""
    uri = f"/customers/{order.customer.tenant_id}/orders/{order.order_id}"
    return {
        "id": order.order_id,
        "alternateId": order.alternate_id,
        "referenceCustomerId": str(order.customer.tenant_id),
        "billingCycle": order.billing_cycle,
        "transactionType": "UserPurchase",
        "currencyCode": order.currency,
        "currencySymbol": currency_symbol(order.currency),
        "creationDate": order.created_at,
        "status": order.status,
        "lineItems": [order_line_json(line) for line in order.lines.all()],
        "links": {"self": _link(uri), "patchOperation": _link(uri, "PATCH")},
        "attributes": {"objectType": "Order"},
    }


def cart_json(cart: Cart) -> dict:
    uri = f"/customers/{cart.customer.tenant_id}/carts/{cart.cart_id}"
    return {
        "id": str(cart.cart_id),
        "creationTimestamp": cart.created_at,
        "lastModifiedTimestamp": cart.last_modified_at,
        "expirationTimestamp": cart.expires_at,
        "lastModifiedUser": cart.created_by,
        "status": cart.status,
        "lineItems": [
            {
                "id": line.line_id,
                "catalogItemId": line.catalog_item_id,
                "friendlyName": line.friendly_name,
                "quantity": line.quantity,
                "currencyCode": line.currency,
                "billingCycle": line.billing_cycle,
                "termDuration": line.term_duration,
                "provisioningContext": line.provisioning_context,
                "orderGroup": "0",
            }
            for line in cart.lines.all()
        ],
        "links": {"self": _link(uri), "checkout": _link(f"{uri}/checkout", "POST")},
        "attributes": {"objectType": "Cart"},
    }


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


# --- response documentation ------------------------------------------------------------------


class LinkDoc(serializers.Serializer):
    uri = serializers.CharField()
    method = serializers.CharField()
    headers = serializers.ListField(child=serializers.DictField())


class ProductDoc(serializers.Serializer):
    id = serializers.CharField(help_text="12-character product id, e.g. DG7GMGF0FKZV.")
    title = serializers.CharField()
    description = serializers.CharField()
    productType = serializers.DictField()
    isMicrosoftProduct = serializers.BooleanField()
    publisherName = serializers.CharField()
    links = serializers.DictField(child=LinkDoc())
    attributes = serializers.DictField()


class SkuDoc(serializers.Serializer):
    id = serializers.CharField(help_text="4-digit SKU id, e.g. 0003.")
    productId = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    minimumQuantity = serializers.IntegerField()
    maximumQuantity = serializers.IntegerField()
    isTrial = serializers.BooleanField()
    supportedBillingCycles = serializers.ListField(child=serializers.CharField())
    purchasePrerequisites = serializers.ListField(child=serializers.CharField())
    provisioningVariables = serializers.ListField(
        child=serializers.CharField(), help_text="Keys the line's provisioningContext must carry (reservations)."
    )
    dynamicAttributes = serializers.DictField(help_text="versions, languages, bitness, skuKind, termDuration.")
    links = serializers.DictField(child=LinkDoc())
    attributes = serializers.DictField()


class PricingDoc(serializers.Serializer):
    unitPrice = serializers.CharField(help_text="Decimal string in the market currency.")
    currencyCode = serializers.CharField()
    taxIncluded = serializers.BooleanField(help_text="True in Australia and Brazil.")


class AvailabilityDoc(serializers.Serializer):
    id = serializers.CharField()
    productId = serializers.CharField()
    skuId = serializers.CharField()
    catalogItemId = serializers.CharField(help_text="productId:skuId:availabilityId — the offerId of an order line.")
    country = serializers.CharField()
    segment = serializers.CharField()
    defaultCurrency = serializers.DictField()
    isPurchasable = serializers.BooleanField()
    isRenewable = serializers.BooleanField()
    terms = serializers.ListField(child=serializers.DictField())
    pricing = PricingDoc()
    links = serializers.DictField(child=LinkDoc())
    attributes = serializers.DictField()


class OrderLineDoc(serializers.Serializer):
    lineItemNumber = serializers.IntegerField()
    offerId = serializers.CharField()
    friendlyName = serializers.CharField()
    quantity = serializers.IntegerField(help_text="0 once the line's cancellation has taken effect.")
    termDuration = serializers.CharField()
    transactionType = serializers.CharField()
    provisioningContext = serializers.DictField(child=serializers.CharField())
    links = serializers.DictField(child=LinkDoc())


class OrderDoc(serializers.Serializer):
    id = serializers.CharField(help_text="33-character order id.")
    alternateId = serializers.CharField()
    referenceCustomerId = serializers.UUIDField()
    billingCycle = serializers.CharField()
    transactionType = serializers.CharField()
    currencyCode = serializers.CharField()
    currencySymbol = serializers.CharField()
    creationDate = serializers.DateTimeField(help_text="The partner's clock.")
    status = serializers.ChoiceField(
        choices=["completed", "pending", "cancelled"], help_text="cancelled once every line's cancellation is visible."
    )
    lineItems = OrderLineDoc(many=True)
    links = serializers.DictField(child=LinkDoc())
    attributes = serializers.DictField()


class CartLineDoc(serializers.Serializer):
    id = serializers.IntegerField()
    catalogItemId = serializers.CharField()
    friendlyName = serializers.CharField()
    quantity = serializers.IntegerField()
    currencyCode = serializers.CharField()
    billingCycle = serializers.CharField()
    termDuration = serializers.CharField()
    provisioningContext = serializers.DictField(child=serializers.CharField())
    orderGroup = serializers.CharField()


class CartDoc(serializers.Serializer):
    id = serializers.UUIDField()
    creationTimestamp = serializers.DateTimeField()
    lastModifiedTimestamp = serializers.DateTimeField()
    expirationTimestamp = serializers.DateTimeField(help_text="15 minutes after creation, partner clock.")
    lastModifiedUser = serializers.CharField()
    status = serializers.ChoiceField(choices=["Active", "Ordered"])
    lineItems = CartLineDoc(many=True)
    links = serializers.DictField(child=LinkDoc())
    attributes = serializers.DictField()


class CheckoutResultDoc(serializers.Serializer):
    orders = OrderDoc(many=True)
    orderErrors = serializers.ListField(child=serializers.DictField())
    attributes = serializers.DictField()
