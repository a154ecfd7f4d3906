"""GET/POST /v1/customers and GET /v1/customers/{customer-tenant-id}."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.permissions import Capability
from customers import selectors, services
from customers.serializers import FIELD_PATHS, CustomerCreateSerializer, CustomerSerializer, customer_json
from partnercenter.api.base import PartnerAPIView
from partnercenter.api.errors import INVALID_PROPERTY, ApiError
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters


def _invalid(error: ValidationError) -> ApiError:
    """The service's field errors, pointed at the JSON paths of the request body."""
    data = [
        {"field": FIELD_PATHS.get(field, field if field != "__all__" else ""), "message": str(message)}
        for field, errors in error.message_dict.items()
        for message in errors
    ]
    description = "; ".join(f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in data)
    return ApiError(400, INVALID_PROPERTY, description, "InvalidProperty", data)


class CustomerListView(PartnerAPIView):
    required_capability = Capability.VIEW_CUSTOMERS

    def get_required_capability(self, method: str):
        return Capability.ADD_CUSTOMER if method == "POST" else self.required_capability

    @extend_schema(
        operation_id="customers_list",
        tags=["customers"],
        parameters=paging_parameters(),
        responses={
            200: collection_of(CustomerSerializer, "CustomerCollection"),
            **error_responses(400, *COMMON_ERRORS),
        },
    )
    def get(self, request):
        """The partner's customers, oldest first, with keyset paging."""
        return paginate(request, selectors.customer_list(partner=self.partner), customer_json, order=("id",))

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
        try:
            customer = services.customer_create(partner=self.partner, actor=request.user, **serializer.service_fields())
        except ValidationError as error:
            raise _invalid(error) from error
        return Response(
            customer_json(customer, detail=True),
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
        return Response(
            customer_json(selectors.customer_get(partner=self.partner, tenant_id=customer_tenant_id), detail=True)
        )
