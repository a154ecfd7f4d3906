"""Software entitlements and artifacts in Partner Center's JSON shapes.

An entitlement is one software order line. Partner Center's Entitlement has no id of its own; the
simulator adds `id` = "{orderId}:{lineItemNumber}" (order ids never contain a colon) so integrators
can ask for that entitlement's product key and download links.
"""

from rest_framework import serializers


def entitlement_id(purchase) -> str:
    return f"{purchase.order_line.order.order_id}:{purchase.order_line.line_number}"


def entitlement_json(purchase, *, show_expiry: bool = False) -> dict:
    """Partner Center's Entitlement; a cancelled line shows quantity 0 once the cancellation took effect."""
    line = purchase.order_line
    sku = line.availability.sku
    body = {
        "id": entitlement_id(purchase),
        "referenceOrder": {
            "id": line.order.order_id,
            "lineItemId": str(line.line_number),
            "alternateId": line.order.alternate_id,
        },
        "productId": sku.product.product_id,
        "skuId": sku.sku_id,
        "quantity": line.visible_quantity,
        "quantityDetails": [
            {"quantity": line.quantity, "status": "Cancelled" if purchase.is_cancelled else "Fulfilled"}
        ],
        "entitlementType": "software",
        "entitledArtifacts": [],
        "includedEntitlements": [],
        "attributes": {"objectType": "Entitlement"},
    }
    if show_expiry and purchase.expires_at is not None:
        body["expiryDate"] = purchase.expires_at.isoformat()
    return body


class ReferenceOrderSerializer(serializers.Serializer):
    id = serializers.CharField()
    lineItemId = serializers.CharField()
    alternateId = serializers.CharField()


class QuantityDetailSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["Fulfilled", "Cancelled", "Expired"])


class EntitlementSerializer(serializers.Serializer):
    """For the schema: what entitlement_json returns."""

    id = serializers.CharField(help_text="Simulator extension: orderId:lineItemNumber.")
    referenceOrder = ReferenceOrderSerializer()
    productId = serializers.CharField()
    skuId = serializers.CharField()
    quantity = serializers.IntegerField(help_text="0 once a cancellation has taken effect.")
    quantityDetails = QuantityDetailSerializer(many=True)
    entitlementType = serializers.ChoiceField(choices=["software", "reservedInstance"])
    entitledArtifacts = serializers.ListField(
        child=serializers.DictField(),
        help_text="reservedInstance: {artifactType, resourceId (reservation order id), dynamicAttributes}.",
    )
    includedEntitlements = serializers.ListField(child=serializers.DictField())
    expiryDate = serializers.DateTimeField(required=False, help_text="Only with showExpiry=true, subscriptions.")
    dynamicAttributes = serializers.DictField(required=False, help_text='reservedInstance: {"reservationType"}.')
    attributes = serializers.DictField()


class ProductKeyRequestSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=200)
    language = serializers.CharField(max_length=60, required=False, help_text="Ignored: MAK keys do not vary by it.")
    bitness = serializers.CharField(max_length=10, required=False, help_text="Ignored: MAK keys do not vary by it.")


class DownloadLinkRequestSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=200)
    language = serializers.CharField(max_length=60)
    bitness = serializers.CharField(max_length=10)


class ProductKeySerializer(serializers.Serializer):
    productKey = serializers.CharField()
    version = serializers.CharField()
    attributes = serializers.DictField()


class DownloadLinkSerializer(serializers.Serializer):
    uri = serializers.CharField(help_text="Downloads without signing in until expiresAt or revocation.")
    fileName = serializers.CharField()
    expiresAt = serializers.DateTimeField()
    attributes = serializers.DictField()
