"""Azure's Microsoft.Capacity shapes (api-version 2022-11-01): one serializer per resource makes both the
response body and its OpenAPI schema; the input serializers check structure and types only (the rules live in
reservations.services) and turn Azure's bodies into the services' arguments.

Output serializers read `now` (the partner's clock, read once per request) and `utilization` (averages of the
page's reservations, one query) from their context.
"""

import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partnercenter.api.arm_errors import ArmError
from partnercenter.api.compiled_output import CompiledOutput
from reservations.azure_services import AzurePurchase
from reservations.models import (
    AppliedScopeType,
    BillingPlan,
    InstanceFlexibility,
    ProvisioningState,
    Reservation,
    ReservationOrder,
    ReservedResourceType,
    Term,
)
from reservations.services import UNCHANGED

SUBSCRIPTION_ID = r"^/subscriptions/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
DISPLAY_STATES = ["Succeeded", "Expiring", "Expired", "Cancelled"]
USER_FRIENDLY_SCOPES = ["None", "Shared", "Single", "ResourceGroup", "ManagementGroup"]
RENEW_STATES = ["On", "Off", "Renewed", "NotRenewed", "NotApplicable"]
TRENDS = ["UP", "DOWN", "FLAT"]
# A day-1 average this close to the 7-day one is a flat trend (percentage points).
TREND_TOLERANCE = 1


class ConstantField(serializers.Field):
    """A fixed string such as an ARM resource type; the schema states the one value."""

    def __init__(self, value: str, **kwargs):
        self.value = value
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, _instance) -> str:
        return self.value


@extend_schema_field({"type": "string", "enum": ["Microsoft.Capacity/reservationOrders/reservations"]})
class ReservationTypeField(ConstantField):
    def __init__(self, **kwargs):
        super().__init__("Microsoft.Capacity/reservationOrders/reservations", **kwargs)


@extend_schema_field({"type": "string", "enum": ["Microsoft.Capacity/reservationOrders"]})
class ReservationOrderTypeField(ConstantField):
    def __init__(self, **kwargs):
        super().__init__("Microsoft.Capacity/reservationOrders", **kwargs)


def subscription_guid(resource_id: str) -> uuid.UUID:
    """The GUID of `/subscriptions/{guid}` (already matched against SUBSCRIPTION_ID)."""
    return uuid.UUID(resource_id.rsplit("/", 1)[-1])


# --- output ----------------------------------------------------------------------------------------


class PriceSerializer(serializers.Serializer):
    currencyCode = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False)


class SkuNameSerializer(serializers.Serializer):
    name = serializers.CharField()


class AppliedScopePropertiesSerializer(serializers.Serializer):
    subscriptionId = serializers.CharField(help_text="/subscriptions/{subscriptionId}")
    displayName = serializers.CharField()


class UtilizationAggregateSerializer(serializers.Serializer):
    grain = serializers.IntegerField(help_text="Days averaged: 1, 7 or 30.")
    grainUnit = serializers.ChoiceField(choices=["days"])
    value = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    valueUnit = serializers.ChoiceField(choices=["percentage"])


class UtilizationSerializer(serializers.Serializer):
    trend = serializers.ChoiceField(
        choices=TRENDS, allow_null=True, help_text="The last day against the last 7 days; null without data."
    )
    aggregates = UtilizationAggregateSerializer(many=True, help_text="Only the grains with recorded days.")


def utilization_of(averages) -> dict:
    """Azure's utilization object from the 1/7/30-day averages (percent) of reservations.selectors."""
    if averages is None:
        return {"trend": None, "aggregates": []}
    by_grain = averages.by_grain()
    aggregates = [
        {"grain": grain, "grainUnit": "days", "value": value, "valueUnit": "percentage"}
        for grain, value in by_grain.items()
        if value is not None
    ]
    trend = None
    if by_grain[1] is not None and by_grain[7] is not None:
        difference = by_grain[1] - by_grain[7]
        trend = "FLAT" if abs(difference) < TREND_TOLERANCE else ("UP" if difference > 0 else "DOWN")
    return {"trend": trend, "aggregates": aggregates}


class ReservationPropertiesSerializer(serializers.Serializer):
    reservedResourceType = serializers.ChoiceField(ReservedResourceType.choices, source="reserved_resource_type")
    instanceFlexibility = serializers.ChoiceField(InstanceFlexibility.choices, source="instance_flexibility")
    displayName = serializers.CharField(source="display_name")
    appliedScopes = serializers.SerializerMethodField(help_text="The one subscription of a Single scope; else null.")
    appliedScopeType = serializers.ChoiceField(AppliedScopeType.choices, source="applied_scope_type")
    appliedScopeProperties = serializers.SerializerMethodField()
    quantity = serializers.IntegerField()
    provisioningState = serializers.ChoiceField(ProvisioningState.choices, source="provisioning_state")
    displayProvisioningState = serializers.SerializerMethodField()
    effectiveDateTime = serializers.DateTimeField(source="last_updated_at")
    benefitStartTime = serializers.DateTimeField(source="order.benefit_start")
    lastUpdatedDateTime = serializers.DateTimeField(source="last_updated_at")
    expiryDateTime = serializers.DateTimeField(source="order.expires_at")
    expiryDate = serializers.SerializerMethodField()
    purchaseDateTime = serializers.DateTimeField(source="order.purchased_at")
    purchaseDate = serializers.SerializerMethodField()
    skuDescription = serializers.CharField(source="sku_description")
    billingPlan = serializers.ChoiceField(BillingPlan.choices, source="order.billing_plan")
    billingScopeId = serializers.CharField(source="billing_subscription.resource_id")
    term = serializers.ChoiceField(Term.choices, source="order.term")
    renew = serializers.BooleanField()
    userFriendlyAppliedScopeType = serializers.ChoiceField(USER_FRIENDLY_SCOPES, source="applied_scope_type")
    userFriendlyRenewState = serializers.SerializerMethodField()
    utilization = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_appliedScopes(self, reservation: Reservation):
        subscription = reservation.applied_subscription
        return None if subscription is None else [subscription.resource_id]

    @extend_schema_field(AppliedScopePropertiesSerializer(allow_null=True))
    def get_appliedScopeProperties(self, reservation: Reservation):
        subscription = reservation.applied_subscription
        if subscription is None:
            return None
        return {"subscriptionId": subscription.resource_id, "displayName": subscription.friendly_name}

    @extend_schema_field(serializers.ChoiceField(choices=DISPLAY_STATES))
    def get_displayProvisioningState(self, reservation: Reservation) -> str:
        return reservation.display_state(self.context["now"])

    @extend_schema_field(OpenApiTypes.DATE)
    def get_expiryDate(self, reservation: Reservation) -> str:
        return reservation.order.expires_at.date().isoformat()

    @extend_schema_field(OpenApiTypes.DATE)
    def get_purchaseDate(self, reservation: Reservation) -> str:
        return reservation.order.purchased_at.date().isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=RENEW_STATES))
    def get_userFriendlyRenewState(self, reservation: Reservation) -> str:
        if reservation.provisioning_state == ProvisioningState.SUCCEEDED:
            return "On" if reservation.renew else "Off"
        if reservation.provisioning_state == ProvisioningState.EXPIRED:
            return "Renewed" if reservation.renew else "NotRenewed"
        return "NotApplicable"

    @extend_schema_field(UtilizationSerializer)
    def get_utilization(self, reservation: Reservation) -> dict:
        return utilization_of(self.context["utilization"].get(reservation.pk))


class ReservationSerializer(CompiledOutput, serializers.Serializer):
    """Azure's ReservationResponse."""

    id = serializers.CharField(source="resource_id", help_text="The full resource id.")
    name = serializers.SerializerMethodField(help_text="{reservationOrderId}/{reservationId}")
    type = ReservationTypeField()
    etag = serializers.IntegerField(help_text="Bumped by every change.")
    location = serializers.CharField(help_text="Azure region, e.g. westeurope.")
    sku = serializers.SerializerMethodField()
    properties = ReservationPropertiesSerializer(source="*")

    def get_name(self, reservation: Reservation) -> str:
        return f"{reservation.order.reservation_order_id}/{reservation.reservation_id}"

    @extend_schema_field(SkuNameSerializer)
    def get_sku(self, reservation: Reservation) -> dict:
        return {"name": reservation.sku_name}


class ReservationIdSerializer(serializers.Serializer):
    id = serializers.CharField(source="resource_id")


def order_etag(order: ReservationOrder) -> int:
    """An order changes when any of its reservations does: the sum of their etags (prefetched)."""
    return sum(reservation.etag for reservation in order.reservations.all())


class PlanPaymentSerializer(serializers.Serializer):
    dueDate = serializers.DateField(source="due")
    paymentDate = serializers.DateField(source="paid", allow_null=True, help_text="Null while scheduled.")
    pricingCurrencyTotal = serializers.SerializerMethodField()
    billingCurrencyTotal = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=["Succeeded", "Scheduled", "Cancelled"])

    @extend_schema_field(PriceSerializer)
    def get_pricingCurrencyTotal(self, payment) -> dict:
        return PriceSerializer({"currencyCode": payment.currency, "amount": payment.amount}).data

    @extend_schema_field(PriceSerializer)
    def get_billingCurrencyTotal(self, payment) -> dict:
        return self.get_pricingCurrencyTotal(payment)


class PlanInformationSerializer(serializers.Serializer):
    pricingCurrencyTotal = PriceSerializer(help_text="The order's total over the term, before tax.")
    startDate = serializers.DateField()
    nextPaymentDueDate = serializers.DateField(allow_null=True, help_text="Null once everything is paid.")
    transactions = PlanPaymentSerializer(many=True)


def plan_information(order: ReservationOrder, payments) -> dict:
    """Azure's planInformation of an order from its payment schedule."""
    return {
        "pricingCurrencyTotal": {"currencyCode": order.currency, "amount": sum(p.amount for p in payments)},
        "startDate": order.benefit_start.date(),
        "nextPaymentDueDate": next((p.due for p in payments if p.status == "Scheduled"), None),
        "transactions": payments,
    }


class ReservationOrderPropertiesSerializer(serializers.Serializer):
    displayName = serializers.CharField(source="display_name")
    requestDateTime = serializers.DateTimeField(source="purchased_at")
    createdDateTime = serializers.DateTimeField(source="purchased_at")
    expiryDateTime = serializers.DateTimeField(source="expires_at")
    expiryDate = serializers.SerializerMethodField()
    benefitStartTime = serializers.DateTimeField(source="benefit_start")
    originalQuantity = serializers.IntegerField(source="original_quantity")
    term = serializers.ChoiceField(Term.choices)
    billingPlan = serializers.ChoiceField(BillingPlan.choices, source="billing_plan")
    provisioningState = serializers.SerializerMethodField()
    reservations = ReservationIdSerializer(many=True, source="reservations.all")
    planInformation = serializers.SerializerMethodField(help_text="With $expand=schedule only; else null.")

    @extend_schema_field(OpenApiTypes.DATE)
    def get_expiryDate(self, order: ReservationOrder) -> str:
        return order.expires_at.date().isoformat()

    @extend_schema_field(serializers.ChoiceField(choices=ProvisioningState.choices))
    def get_provisioningState(self, order: ReservationOrder) -> str:
        """Succeeded while any reservation is active, else the state its reservations ended in."""
        states = [reservation.provisioning_state for reservation in order.reservations.all()]
        if not states or ProvisioningState.SUCCEEDED in states:
            return ProvisioningState.SUCCEEDED
        return states[0]

    @extend_schema_field(PlanInformationSerializer(allow_null=True))
    def get_planInformation(self, order: ReservationOrder):
        payments = self.context.get("schedule")
        if payments is None:
            return None
        return PlanInformationSerializer(plan_information(order, payments)).data


class ReservationOrderSerializer(CompiledOutput, serializers.Serializer):
    """Azure's ReservationOrderResponse."""

    id = serializers.CharField(source="resource_id", help_text="The full resource id.")
    name = serializers.CharField(source="reservation_order_id")
    type = ReservationOrderTypeField()
    etag = serializers.SerializerMethodField(help_text="Changes when any of its reservations changes.")
    properties = ReservationOrderPropertiesSerializer(source="*")

    def get_etag(self, order: ReservationOrder) -> int:
        return order_etag(order)


def list_of(item_serializer, name: str):
    """ARM's list envelope `{"value": [...], "nextLink": url | null}`."""
    return type(
        name,
        (CompiledOutput, serializers.Serializer),
        {
            "value": item_serializer(many=True),
            "nextLink": serializers.URLField(
                allow_null=True, help_text="The next page (absolute, with api-version and $skiptoken); null at the end."
            ),
        },
    )


ReservationOrderList = list_of(ReservationOrderSerializer, "ReservationOrderList")
ReservationList = list_of(ReservationSerializer, "ReservationList")


class PaymentDetailSerializer(serializers.Serializer):
    dueDate = serializers.DateField()
    pricingCurrencyTotal = PriceSerializer()
    billingCurrencyTotal = PriceSerializer()
    status = serializers.ChoiceField(choices=["Scheduled"])


class CalculatePricePropertiesSerializer(serializers.Serializer):
    billingCurrencyTotal = PriceSerializer(help_text="The term's total before tax, in the customer's currency.")
    pricingCurrencyTotal = PriceSerializer(help_text="The same: the simulator prices in the market's currency.")
    netTotal = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False)
    taxTotal = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False)
    grandTotal = serializers.DecimalField(max_digits=18, decimal_places=4, coerce_to_string=False)
    isTaxIncluded = serializers.BooleanField(help_text="True where prices include tax (Australia, Brazil).")
    isBillingPartnerManaged = serializers.BooleanField(help_text="Always true: the partner bills the customer (CSP).")
    reservationOrderId = serializers.UUIDField(help_text="A fresh id to PUT the purchase with.")
    skuTitle = serializers.CharField()
    skuDescription = serializers.CharField()
    paymentSchedule = PaymentDetailSerializer(many=True)


class CalculatePriceSerializer(serializers.Serializer):
    """Azure's CalculatePriceResponse."""

    properties = CalculatePricePropertiesSerializer()


# --- input -----------------------------------------------------------------------------------------


class SubscriptionScopeSerializer(serializers.Serializer):
    subscriptionId = serializers.RegexField(SUBSCRIPTION_ID, required=False, help_text="/subscriptions/{id}")
    displayName = serializers.CharField(required=False, max_length=200)


def _applied_subscription(data: dict, *, scope_type: str | None):
    """The one subscription of Azure's appliedScopes / appliedScopeProperties, with Azure's codes for bad counts."""
    scopes = list(data.get("appliedScopes") or [])
    properties = data.get("appliedScopeProperties") or {}
    if properties.get("subscriptionId"):
        scopes = scopes or [properties["subscriptionId"]]
    if len(scopes) > 1:
        raise ArmError(400, "InvalidSingleAppliedScopesCount", "A Single scope names exactly one subscription.")
    if scopes and scope_type == AppliedScopeType.SHARED:
        raise ArmError(400, "BadRequest", "Do not specify appliedScopes for a Shared scope.")
    return subscription_guid(scopes[0]) if scopes else None


class ReservedResourcePropertiesSerializer(serializers.Serializer):
    instanceFlexibility = serializers.ChoiceField(InstanceFlexibility.choices, required=False)


class PurchaseRequestPropertiesSerializer(serializers.Serializer):
    reservedResourceType = serializers.ChoiceField(ReservedResourceType.choices)
    billingScopeId = serializers.RegexField(SUBSCRIPTION_ID, help_text="The customer's Azure subscription that pays.")
    term = serializers.ChoiceField(Term.choices)
    billingPlan = serializers.ChoiceField(BillingPlan.choices, default=BillingPlan.UPFRONT)
    quantity = serializers.IntegerField(min_value=1, max_value=1000)
    displayName = serializers.CharField(required=False, allow_blank=True, max_length=64)
    appliedScopeType = serializers.ChoiceField(AppliedScopeType.choices, default=AppliedScopeType.SHARED)
    appliedScopes = serializers.ListField(
        child=serializers.RegexField(SUBSCRIPTION_ID), required=False, allow_null=True, max_length=1
    )
    appliedScopeProperties = SubscriptionScopeSerializer(required=False, allow_null=True)
    renew = serializers.BooleanField(default=False)
    reservedResourceProperties = ReservedResourcePropertiesSerializer(required=False, allow_null=True)


class PurchaseRequestSerializer(serializers.Serializer):
    """Azure's PurchaseRequest (PUT reservationOrders/{id} and calculatePrice)."""

    sku = SkuNameSerializer()
    location = serializers.CharField(max_length=40, help_text="Azure region, e.g. westeurope.")
    properties = PurchaseRequestPropertiesSerializer()

    def purchase(self) -> AzurePurchase:
        data = self.validated_data
        properties = data["properties"]
        scope_type = properties["appliedScopeType"]
        applied = _applied_subscription(properties, scope_type=scope_type)
        if scope_type == AppliedScopeType.SINGLE and applied is None:
            raise ArmError(400, "MissingAppliedScopesForSingle", "A Single scope needs appliedScopes.")
        flexibility = (properties.get("reservedResourceProperties") or {}).get("instanceFlexibility")
        return AzurePurchase(
            reserved_resource_type=properties["reservedResourceType"],
            sku_name=data["sku"]["name"],
            location=data["location"],
            term=properties["term"],
            billing_plan=properties["billingPlan"],
            quantity=properties["quantity"],
            billing_subscription_id=subscription_guid(properties["billingScopeId"]),
            applied_scope_type=scope_type,
            applied_subscription_id=applied,
            display_name=properties.get("displayName", ""),
            renew=properties["renew"],
            instance_flexibility=flexibility or InstanceFlexibility.ON,
        )


class PatchPropertiesSerializer(serializers.Serializer):
    appliedScopeType = serializers.ChoiceField(AppliedScopeType.choices, required=False)
    appliedScopes = serializers.ListField(
        child=serializers.RegexField(SUBSCRIPTION_ID),
        required=False,
        allow_null=True,
        max_length=1,
        help_text="The one subscription of a Single scope (given alone, it means Single).",
    )
    appliedScopeProperties = SubscriptionScopeSerializer(required=False, allow_null=True)
    instanceFlexibility = serializers.ChoiceField(InstanceFlexibility.choices, required=False)
    name = serializers.CharField(required=False, max_length=64, help_text="The reservation's display name.")
    displayName = serializers.CharField(required=False, max_length=64, help_text="Same as name.")
    renew = serializers.BooleanField(required=False)

    def validate(self, attrs):
        if "name" in attrs and "displayName" in attrs and attrs["name"] != attrs["displayName"]:
            raise serializers.ValidationError({"displayName": "name and displayName differ; send one."})
        return attrs


class PatchSerializer(serializers.Serializer):
    """Azure's Patch body: `{"properties": {...}}`; properties left out stay as they are."""

    properties = PatchPropertiesSerializer()

    def changes(self) -> dict:
        """Keyword arguments for reservations.services.reservation_update (UNCHANGED where not given)."""
        properties = self.validated_data["properties"]
        scope_type = properties.get("appliedScopeType")
        subscription = _applied_subscription(properties, scope_type=scope_type)
        if subscription is not None and scope_type is None:
            scope_type = AppliedScopeType.SINGLE
        name = properties.get("name", properties.get("displayName", UNCHANGED))
        return {
            "applied_scope_type": scope_type or UNCHANGED,
            "applied_subscription_id": subscription or UNCHANGED,
            "display_name": name,
            "renew": properties.get("renew", UNCHANGED),
            "instance_flexibility": properties.get("instanceFlexibility", UNCHANGED),
        }
