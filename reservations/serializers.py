"""Partner Center resources of the Azure plan, in Partner Center's JSON shapes (output serializers).

Each serializer is both the response body and its OpenAPI schema: views render rows through it.
The reservedInstance entitlement is rendered for the shared entitlements collection (its schema is
the Entitlement of `software.serializers`, which documents both types).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnercenter.api.schema import LinkSerializer
from reservations.models import AzureStatus, ReservationOrder

PLAN_STATUS = {AzureStatus.ACTIVE: "active", AzureStatus.SUSPENDED: "suspended", AzureStatus.DELETED: "deleted"}


def _link(uri: str, method: str = "GET") -> dict:
    return {"uri": uri, "method": method, "headers": []}


class ObjectTypeSerializer(serializers.Serializer):
    objectType = serializers.CharField()


class SubscriptionLinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    azureEntitlements = LinkSerializer()


class AzurePlanSubscriptionSerializer(serializers.Serializer):
    """Partner Center's Subscription for an Azure plan (offer DZH318Z0BPS6)."""

    id = serializers.UUIDField(source="subscription_id")
    offerId = serializers.CharField(source="order_line.offer_id", help_text="The Azure plan's catalog item id.")
    offerName = serializers.CharField(source="order_line.friendly_name")
    friendlyName = serializers.CharField(source="friendly_name")
    quantity = serializers.SerializerMethodField()
    unitType = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at", help_text="The partner's clock.")
    effectiveStartDate = serializers.DateTimeField(source="created_at")
    status = serializers.SerializerMethodField()
    autoRenewEnabled = serializers.SerializerMethodField()
    billingType = serializers.SerializerMethodField()
    billingCycle = serializers.SerializerMethodField()
    isTrial = serializers.SerializerMethodField()
    isMicrosoftProduct = serializers.SerializerMethodField()
    publisherName = serializers.SerializerMethodField()
    orderId = serializers.CharField(source="order_line.order.order_id")
    links = serializers.SerializerMethodField()
    attributes = serializers.SerializerMethodField()

    def get_quantity(self, plan) -> int:
        return 1

    def get_unitType(self, plan) -> str:
        return "Usage-based"

    @extend_schema_field(serializers.ChoiceField(choices=["active", "suspended", "deleted"]))
    def get_status(self, plan) -> str:
        return PLAN_STATUS[plan.status]

    def get_autoRenewEnabled(self, plan) -> bool:
        return False

    @extend_schema_field(serializers.ChoiceField(choices=["usage"]))
    def get_billingType(self, plan) -> str:
        return "usage"

    @extend_schema_field(serializers.ChoiceField(choices=["monthly"]))
    def get_billingCycle(self, plan) -> str:
        return "monthly"

    def get_isTrial(self, plan) -> bool:
        return False

    def get_isMicrosoftProduct(self, plan) -> bool:
        return True

    def get_publisherName(self, plan) -> str:
        return "Microsoft Corporation"

    @extend_schema_field(SubscriptionLinksSerializer)
    def get_links(self, plan) -> dict:
        base = f"/customers/{plan.customer.tenant_id}/subscriptions/{plan.subscription_id}"
        return {"self": _link(base), "azureEntitlements": _link(f"{base}/azureEntitlements")}

    @extend_schema_field(ObjectTypeSerializer)
    def get_attributes(self, plan) -> dict:
        return {"objectType": "Subscription"}


def azure_plan_subscription(plan) -> dict:
    """The Azure plan's source of the subscriptions collection (commerce.subscriptions)."""
    return AzurePlanSubscriptionSerializer(plan).data


class AzureEntitlementSerializer(serializers.Serializer):
    """Partner Center's AzureEntitlement: an Azure subscription under the plan."""

    id = serializers.UUIDField(source="subscription_id", help_text="The Azure subscription id.")
    friendlyName = serializers.CharField(source="friendly_name")
    status = serializers.ChoiceField(choices=AzureStatus.values)
    subscriptionId = serializers.UUIDField(source="plan.subscription_id", help_text="The Azure plan subscription.")
    attributes = serializers.SerializerMethodField()

    @extend_schema_field(ObjectTypeSerializer)
    def get_attributes(self, subscription) -> dict:
        return {"objectType": "AzureEntitlement"}


class AzureEntitlementInSerializer(serializers.Serializer):
    friendlyName = serializers.CharField(
        max_length=64, min_length=1, trim_whitespace=True, help_text="1 to 64 characters, unique for the customer."
    )


def reserved_instance_entitlement(order: ReservationOrder, *, show_expiry: bool = False) -> dict:
    """A reservation order as Partner Center's reservedInstance Entitlement, its reservations as artifact ids."""
    line = order.order_line
    reservations = list(order.reservations.all())
    first = reservations[0]
    sku = first.availability.sku
    states = {r.provisioning_state for r in reservations}
    status = "Fulfilled" if "Succeeded" in states else ("Expired" if "Expired" in states else "Cancelled")
    quantity = sum(r.quantity for r in reservations)
    reservation_type = first.reserved_resource_type.lower()
    body = {
        "id": f"{line.order.order_id}:{line.line_number}" if line else str(order.reservation_order_id),
        "referenceOrder": {
            "id": line.order.order_id if line else str(order.reservation_order_id),
            "lineItemId": str(line.line_number) if line else "0",
            "alternateId": line.order.alternate_id if line else "",
        },
        "productId": sku.product.product_id,
        "skuId": sku.sku_id,
        "quantity": quantity if status == "Fulfilled" else 0,
        "quantityDetails": [{"quantity": quantity, "status": status}],
        "entitlementType": "reservedInstance",
        "entitledArtifacts": [
            {
                "artifactType": "reservedinstance",
                "resourceId": str(order.reservation_order_id),
                "dynamicAttributes": {
                    "reservationType": reservation_type,
                    "reservationIds": [str(r.reservation_id) for r in reservations],
                },
            }
        ],
        "includedEntitlements": [],
        "dynamicAttributes": {"reservationType": reservation_type},
        "attributes": {"objectType": "Entitlement"},
    }
    if show_expiry:
        body["expiryDate"] = order.expires_at.isoformat()
    return body
