"""Software entitlements, and their product keys and download links, for integrators.

Keys and links use the same services as the dashboard: admin agents only, one audit record each,
410 once the purchase's cancellation has taken effect. All three are App+User only, as Partner Center
documents them: an app-only token is refused with 403 whatever roles its credential holds.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from commerce import entitlements
from customers.selectors import customer_get
from partnercenter.api.errors import ApiError
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import (
    COMMON_ERRORS,
    CollectionSerializer,
    ErrorSerializer,
    error_responses,
    paging_parameters,
)
from software import artifacts, selectors, services
from software.serializers import (
    AnyEntitlementSerializer,
    DownloadLinkRequestSerializer,
    DownloadLinkSerializer,
    ProductKeyRequestSerializer,
    ProductKeySerializer,
)


@extend_schema_field(AnyEntitlementSerializer(many=True))
class EntitlementItemsField(serializers.Field):
    """The page's rows, each rendered by the source of the requested entitlementType (context "source")."""

    def __init__(self):
        super().__init__(read_only=True)

    def to_representation(self, rows):
        source, show_expiry = self.context["source"], self.context["show_expiry"]
        return [source.render(row, show_expiry=show_expiry) for row in rows]


ENTITLEMENTS = type(
    "EntitlementCollection", (CollectionSerializer,), {"items": EntitlementItemsField(), "__module__": __name__}
)
GONE = {
    **error_responses(*COMMON_ERRORS, 404),
    410: OpenApiResponse(ErrorSerializer, description="The purchase was cancelled: its keys and links are revoked."),
}


def _entitlement(view, customer_tenant_id, entitlement_id: str):
    customer = customer_get(partner=view.partner, tenant_id=customer_tenant_id)
    order_id, _sep, line_number = entitlement_id.rpartition(":")
    return selectors.purchase_for_line(
        partner=view.partner, customer=customer, order_id=order_id, line_number=line_number
    )


class EntitlementListView(PartnerAPIView):
    app_user_only = True
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="entitlements_list",
        tags=["entitlements"],
        parameters=[
            OpenApiParameter(
                "entitlementType", str, enum=["software", "reservedInstance"], description="Default software."
            ),
            OpenApiParameter("showExpiry", bool, description="Add expiryDate to subscriptions."),
            *paging_parameters(),
        ],
        responses={
            200: ENTITLEMENTS,
            **error_responses(400, *COMMON_ERRORS, 404),
        },
    )
    def get(self, request, customer_tenant_id):
        """The customer's entitlements of one type (software: a cancellation shows once it has taken effect;
        reservedInstance: one per reservation order, its reservations as artifacts)."""
        customer = customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        source = entitlements.source_get(request.query_params.get("entitlementType") or "software")
        show_expiry = request.query_params.get("showExpiry", "false").lower()
        if show_expiry not in ("true", "false"):
            raise ApiError(400, 800002, "showExpiry must be true or false.", "InvalidShowExpiry")
        rows = source.rows(partner=self.partner, customer=customer)
        context = {"source": source, "show_expiry": show_expiry == "true"}
        return paginate(request, rows, ENTITLEMENTS, order=source.order, context=context)


class ProductKeyView(PartnerAPIView):
    app_user_only = True
    required_capability = Capability.VIEW_PRODUCT_KEYS

    @extend_schema(
        operation_id="entitlements_productkey",
        tags=["entitlements"],
        request=ProductKeyRequestSerializer,
        responses={
            200: ProductKeySerializer,
            **error_responses(400),
            **GONE,
            503: OpenApiResponse(
                ErrorSerializer, description="The stored key cannot be decrypted (encryption secret rotated)."
            ),
        },
    )
    def post(self, request, customer_tenant_id, entitlement_id):
        """Reveal the product key of one version (audited as get_software_key)."""
        purchase = _entitlement(self, customer_tenant_id, entitlement_id)
        body = ProductKeyRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = body.validated_data["version"]
        key = services.product_key_reveal(purchase=purchase, version=version, actor=request.user)
        return Response(ProductKeySerializer({"productKey": key, "version": version}).data)


class DownloadLinksView(PartnerAPIView):
    app_user_only = True
    required_capability = Capability.VIEW_PRODUCT_KEYS

    @extend_schema(
        operation_id="entitlements_downloadlinks",
        tags=["entitlements"],
        request=DownloadLinkRequestSerializer,
        responses={201: DownloadLinkSerializer, **error_responses(400), **GONE},
    )
    def post(self, request, customer_tenant_id, entitlement_id):
        """Create a signed, expiring download link (audited as get_software_download_link)."""
        purchase = _entitlement(self, customer_tenant_id, entitlement_id)
        body = DownloadLinkRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        link, token = services.download_link_create(purchase=purchase, actor=request.user, **body.validated_data)
        created = {
            "uri": request.build_absolute_uri(reverse("software:signed_download", args=[token])),
            "fileName": artifacts.download_filename(product_title=purchase.product_title, **body.validated_data),
            "expiresAt": link.expires_at,
        }
        return Response(DownloadLinkSerializer(created).data, status=201)
