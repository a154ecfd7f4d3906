"""The Azure plan under /v1: the Azure subscriptions under it (azureEntitlements).

The plan itself is listed with the customer's other subscriptions by commerce (commerce.subscriptions).

Reservations themselves are bought through commerce's orders and carts (provisioningContext) and
listed as `entitlementType=reservedInstance` entitlements; their management is Azure's own API.
Every path resolves the customer in the caller's tenant (404 outside it).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from customers.selectors import customer_get
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters
from reservations import selectors, services
from reservations.serializers import (
    AzureEntitlementInSerializer,
    AzureEntitlementSerializer,
)

AZURE_ENTITLEMENTS = collection_of(AzureEntitlementSerializer, "AzureEntitlementCollection")
REQUEST_ID = OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")


class AzureEntitlementListView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    def get_required_capability(self, method: str):
        return Capability.BUY_AZURE_PLAN if method == "POST" else self.required_capability

    @extend_schema(
        operation_id="subscriptions_azure_entitlements_list",
        tags=["subscriptions"],
        parameters=paging_parameters(),
        responses={
            200: AZURE_ENTITLEMENTS,
            **error_responses(400, *COMMON_ERRORS, 404),
        },
    )
    def get(self, request, customer_tenant_id, subscription_id):
        """The Azure subscriptions under the customer's Azure plan (id, friendly name, status)."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        plan = selectors.azure_plan_get_by_id(partner=self.partner, customer=customer, subscription_id=subscription_id)
        subscriptions = plan.azure_subscriptions.select_related("plan")
        return paginate(request, subscriptions, AZURE_ENTITLEMENTS, order=("id",))

    @extend_schema(
        operation_id="subscriptions_azure_entitlements_create",
        tags=["subscriptions"],
        parameters=[REQUEST_ID],
        request=AzureEntitlementInSerializer,
        responses={201: AzureEntitlementSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def post(self, request, customer_tenant_id, subscription_id):
        """Add an Azure subscription under the plan (buyers of the Azure plan); names are unique per customer."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        selectors.azure_plan_get_by_id(partner=self.partner, customer=customer, subscription_id=subscription_id)
        body = AzureEntitlementInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subscription = services.azure_subscription_add(
            customer=customer, actor=request.user, friendly_name=body.validated_data["friendlyName"]
        )
        return Response(AzureEntitlementSerializer(subscription).data, status=201)
