"""GET/POST /v1/customers and GET /v1/customers/{customer-tenant-id}."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from customers import selectors, services
from customers.serializers import FIELD_PATHS, CustomerCreateSerializer, CustomerSerializer
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters

CUSTOMERS = collection_of(CustomerSerializer, "CustomerCollection")


class CustomerListView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS
    field_paths = FIELD_PATHS  # the service's field errors point at the body's JSON paths

    def get_required_capability(self, method: str):
        return Capability.ADD_CUSTOMER if method == "POST" else self.required_capability

    @extend_schema(
        operation_id="customers_list",
        tags=["customers"],
        parameters=paging_parameters(),
        responses={
            200: CUSTOMERS,
            **error_responses(400, *COMMON_ERRORS),
        },
    )
    def get(self, request):
        """The partner's customers, oldest first, with keyset paging."""
        rows = selectors.customer_list(partner=self.partner).values_list(*CustomerSerializer.ROW_FIELDS, named=True)
        return paginate(request, rows, CUSTOMERS, order=("id",))

    @extend_schema(
        operation_id="customers_create",
        tags=["customers"],
        parameters=[OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")],
        request=CustomerCreateSerializer,
        responses={201: CustomerSerializer, **error_responses(400, *COMMON_ERRORS, 409)},
    )
    @idempotent
    def post(self, request):
        """Create a customer; validated like the dashboard's Add customer form."""
        serializer = CustomerCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = services.customer_create(partner=self.partner, actor=request.user, **serializer.service_fields())
        return Response(
            CustomerSerializer(customer, context={"detail": True}).data,
            status=201,
            headers={"Location": f"/v1/customers/{customer.tenant_id}"},
        )


class CustomerDetailView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    @extend_schema(
        operation_id="customers_retrieve",
        tags=["customers"],
        responses={200: CustomerSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id):
        """One customer of the partner; another partner's customer is 404."""
        customer = selectors.customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        return Response(CustomerSerializer(customer, context={"detail": True}).data)
