"""Software entitlements and artifacts in Partner Center's JSON shapes.

An entitlement is one software order line. Partner Center's Entitlement has no id of its own; the
simulator adds `id` = "{orderId}:{lineItemNumber}" (order ids never contain a colon) so integrators
can ask for that entitlement's product key and download links.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnercenter.api.schema import AttributesField, ConstantField, LinkSerializer, link

MICROSOFT = "Microsoft Corporation"


def entitlement_id(purchase) -> str:
    return f"{purchase.order_line.order.order_id}:{purchase.order_line.line_number}"


class ReferenceOrderSerializer(serializers.Serializer):
    id = serializers.CharField(source="order_line.order.order_id")
    lineItemId = serializers.CharField(source="order_line.line_number")
    alternateId = serializers.CharField(source="order_line.order.alternate_id")


class QuantityDetailSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(source="order_line.quantity")
    status = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": ["Fulfilled", "Cancelled"]})
    def get_status(self, purchase) -> str:
        return "Cancelled" if purchase.is_cancelled else "Fulfilled"


class EntitlementSerializer(serializers.Serializer):
    """Partner Center's Entitlement; a cancelled line shows quantity 0 once the cancellation took effect.

    `expiryDate` only with context "show_expiry", on subscriptions and plans (not perpetual licences).
    """

    id = serializers.SerializerMethodField(help_text="Simulator extension: orderId:lineItemNumber.")
    referenceOrder = ReferenceOrderSerializer(source="*")
    productId = serializers.CharField(source="order_line.availability.sku.product.product_id")
    skuId = serializers.CharField(source="order_line.availability.sku.sku_id")
    quantity = serializers.IntegerField(
        source="order_line.visible_quantity", help_text="0 once a cancellation has taken effect."
    )
    quantityDetails = serializers.SerializerMethodField()
    entitlementType = ConstantField("software")
    entitledArtifacts = ConstantField([])
    includedEntitlements = ConstantField([])
    expiryDate = serializers.DateTimeField(required=False, help_text="Only with showExpiry=true, subscriptions.")
    attributes = AttributesField("Entitlement")

    def get_id(self, purchase) -> str:
        return entitlement_id(purchase)

    @extend_schema_field(QuantityDetailSerializer(many=True))
    def get_quantityDetails(self, purchase):
        return [QuantityDetailSerializer(purchase).data]

    def to_representation(self, purchase):
        body = super().to_representation(purchase)
        if self.context.get("show_expiry") and purchase.expires_at is not None:
            body["expiryDate"] = self.fields["expiryDate"].to_representation(purchase.expires_at)
        return body


class AnyQuantityDetailSerializer(serializers.Serializer):
    quantity = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["Fulfilled", "Cancelled", "Expired"])


class AnyEntitlementSerializer(serializers.Serializer):
    """An entitlement of any type in the shared collection: each type's source renders its own rows
    (software: `EntitlementSerializer`; reservedInstance: the reservations app), this states their union."""

    id = serializers.CharField(help_text="Simulator extension: orderId:lineItemNumber.")
    referenceOrder = ReferenceOrderSerializer()
    productId = serializers.CharField()
    skuId = serializers.CharField()
    quantity = serializers.IntegerField(help_text="0 once a cancellation has taken effect.")
    quantityDetails = AnyQuantityDetailSerializer(many=True)
    entitlementType = serializers.ChoiceField(choices=["software", "reservedInstance"])
    entitledArtifacts = serializers.ListField(
        child=serializers.DictField(),
        help_text="reservedInstance: {artifactType, resourceId (reservation order id), dynamicAttributes}.",
    )
    includedEntitlements = serializers.ListField(child=serializers.DictField())
    expiryDate = serializers.DateTimeField(required=False, help_text="Only with showExpiry=true, subscriptions.")
    dynamicAttributes = serializers.DictField(required=False, help_text='reservedInstance: {"reservationType"}.')
    attributes = serializers.DictField()


def entitlement_render(purchase, *, show_expiry: bool = False) -> dict:
    """The software source of the entitlements collection (commerce.entitlements)."""
    return EntitlementSerializer(purchase, context={"show_expiry": show_expiry}).data


class SoftwareSubscriptionLinksSerializer(serializers.Serializer):
    self = LinkSerializer()


class SoftwareSubscriptionSerializer(serializers.Serializer):
    """Partner Center's Subscription for a software subscription or software plan (one order line).

    Status follows the purchase: `deleted` once a cancellation has taken effect, `active` before.
    """

    id = serializers.UUIDField(source="subscription_id", help_text="Derived from the order line.")
    offerId = serializers.CharField(source="order_line.offer_id")
    offerName = serializers.CharField(source="order_line.friendly_name")
    friendlyName = serializers.CharField(source="order_line.friendly_name")
    quantity = serializers.IntegerField(source="order_line.visible_quantity")
    unitType = ConstantField("Licenses")
    creationDate = serializers.DateTimeField(source="purchased_at", help_text="The partner's clock.")
    effectiveStartDate = serializers.DateTimeField(source="purchased_at")
    commitmentEndDate = serializers.DateTimeField(source="expires_at")
    status = serializers.SerializerMethodField()
    autoRenewEnabled = ConstantField(False)
    billingType = ConstantField("license")
    billingCycle = serializers.CharField(source="order_line.order.billing_cycle")
    termDuration = serializers.CharField(source="term_duration")
    contractType = ConstantField("subscription")
    isTrial = ConstantField(False)
    isMicrosoftProduct = serializers.SerializerMethodField()
    publisherName = serializers.CharField(source="publisher")
    orderId = serializers.CharField(source="order_line.order.order_id")
    links = serializers.SerializerMethodField()
    attributes = AttributesField("Subscription")

    @extend_schema_field({"type": "string", "enum": ["active", "deleted"]})
    def get_status(self, purchase) -> str:
        return "deleted" if purchase.is_cancelled else "active"

    def get_isMicrosoftProduct(self, purchase) -> bool:
        return purchase.publisher == MICROSOFT

    @extend_schema_field(SoftwareSubscriptionLinksSerializer)
    def get_links(self, purchase) -> dict:
        return {"self": link(f"/customers/{purchase.customer.tenant_id}/subscriptions/{purchase.subscription_id}")}


def subscription_render(purchase) -> dict:
    """The software source of the subscriptions collection (commerce.subscriptions)."""
    return SoftwareSubscriptionSerializer(purchase).data


class ProductKeyRequestSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=200)
    language = serializers.CharField(max_length=60, required=False, help_text="Ignored: MAK keys do not vary by it.")
    bitness = serializers.CharField(max_length=10, required=False, help_text="Ignored: MAK keys do not vary by it.")


class DownloadLinkRequestSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=200)
    language = serializers.CharField(max_length=60)
    bitness = serializers.CharField(max_length=10)


class ProductKeySerializer(serializers.Serializer):
    """The revealed key (instance: {"productKey", "version"})."""

    productKey = serializers.CharField()
    version = serializers.CharField()
    attributes = AttributesField("ProductKey")


class DownloadLinkSerializer(serializers.Serializer):
    """A created link (instance: {"uri", "fileName", "expiresAt"})."""

    uri = serializers.URLField(help_text="Downloads without signing in until expiresAt or revocation.")
    fileName = serializers.CharField()
    expiresAt = serializers.DateTimeField()
    attributes = AttributesField("DownloadLink")
