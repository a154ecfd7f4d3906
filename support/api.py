"""Partner Center's service requests under /v1 (reference §1.9).

GET /servicerequests/supporttopics, POST /servicerequests/{agent-locale} (idempotent on MS-RequestId),
GET /servicerequests, GET /customers/{id}/servicerequests, GET and PATCH /servicerequests/{id}.
Partner Center puts the agent locale (POST) and the request id (GET, PATCH) at the same place in the
path, so one path parameter carries either. Every rule is in support.services.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.api_base import PartnerAPIView
from accounts.permissions import Capability
from customers import selectors as customer_selectors
from partnercenter.api.errors import ApiError
from partnercenter.api.idempotency import idempotent
from partnercenter.api.pagination import paginate
from partnercenter.api.schema import COMMON_ERRORS, collection_of, error_responses, paging_parameters
from reservations import selectors as reservation_selectors
from support import selectors, services
from support.models import RESERVATION_KINDS, Status
from support.serializers import (
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    ServiceRequestUpdateSerializer,
    SupportTopicSerializer,
)
from support.services.common import LANGUAGES
from support.topics import TOPIC_BY_ID

TOPICS = collection_of(SupportTopicSerializer, "SupportTopicCollection")
REQUESTS = collection_of(ServiceRequestSerializer, "ServiceRequestCollection")
ORDER = ("-created_at", "-id")
REQUEST_ID = OpenApiParameter("MS-RequestId", str, OpenApiParameter.HEADER, description="Idempotency key.")
# Partner Center puts the request id (GET, PATCH) and the agent locale (POST) at the same place in the path.
REQUEST_NUMBER = OpenApiParameter(
    "id_or_locale",
    {"type": "string", "pattern": r"^[0-9]{16}$"},
    OpenApiParameter.PATH,
    description="The service request id (16 digits).",
)
AGENT_LOCALE = OpenApiParameter(
    "id_or_locale",
    {"type": "string", "enum": list(LANGUAGES)},
    OpenApiParameter.PATH,
    description="The agent's locale.",
)
STATUS_FILTER = OpenApiParameter("status", str, enum=Status.values, description="Only requests in this status.")


def _status_filter(request) -> str:
    status = request.query_params.get("status", "")
    if status and status not in Status.values:
        raise ApiError(400, 800002, f"status must be one of: {', '.join(Status.values)}.", "InvalidStatus")
    return status


class SupportTopicListView(PartnerAPIView):
    required_capability = Capability.VIEW_SUPPORT_REQUESTS

    @extend_schema(
        operation_id="servicerequests_supporttopics_list",
        tags=["servicerequests"],
        responses={200: TOPICS, **error_responses(*COMMON_ERRORS)},
    )
    def get(self, request):
        """The support topics a request is filed under; each topic decides the kind of request."""
        topics = selectors.support_topics()
        return Response(
            TOPICS(
                {
                    "totalCount": len(topics),
                    "items": topics,
                    "links": {"self": {"uri": request.path, "method": "GET", "headers": []}},
                }
            ).data
        )


class ServiceRequestListView(PartnerAPIView):
    required_capability = Capability.VIEW_SUPPORT_REQUESTS

    @extend_schema(
        operation_id="servicerequests_list",
        tags=["servicerequests"],
        parameters=[STATUS_FILTER, *paging_parameters()],
        responses={200: REQUESTS, **error_responses(400, *COMMON_ERRORS)},
    )
    def get(self, request):
        """The partner's service requests, newest first."""
        requests = selectors.request_list(actor=request.user, status=_status_filter(request))
        return paginate(request, requests.prefetch_related("notes__author", "attachments"), REQUESTS, order=ORDER)


class CustomerServiceRequestListView(PartnerAPIView):
    required_capability = Capability.VIEW_SUPPORT_REQUESTS

    @extend_schema(
        operation_id="customers_servicerequests_list",
        tags=["servicerequests"],
        parameters=[STATUS_FILTER, *paging_parameters()],
        responses={200: REQUESTS, **error_responses(400, *COMMON_ERRORS, 404)},
    )
    def get(self, request, customer_tenant_id):
        """The service requests about one customer of the partner; another partner's customer is 404."""
        customer = customer_selectors.customer_get(partner=self.partner, tenant_id=customer_tenant_id)
        requests = selectors.request_list(actor=request.user, customer=customer, status=_status_filter(request))
        return paginate(request, requests.prefetch_related("notes__author", "attachments"), REQUESTS, order=ORDER)


class ServiceRequestView(PartnerAPIView):
    required_capability = Capability.VIEW_SUPPORT_REQUESTS

    def get_required_capability(self, method: str):
        return Capability.FILE_SUPPORT_REQUEST if method in ("POST", "PATCH") else self.required_capability

    @extend_schema(
        operation_id="servicerequests_retrieve",
        tags=["servicerequests"],
        parameters=[REQUEST_NUMBER],
        responses={200: ServiceRequestSerializer, **error_responses(*COMMON_ERRORS, 404)},
    )
    def get(self, request, id_or_locale):
        """One service request with its notes and files; another partner's request is 404."""
        found = selectors.request_get(actor=request.user, number=id_or_locale)
        return Response(ServiceRequestSerializer(found).data)

    @extend_schema(
        operation_id="servicerequests_create",
        tags=["servicerequests"],
        parameters=[AGENT_LOCALE, REQUEST_ID],
        request=ServiceRequestCreateSerializer,
        responses={201: ServiceRequestSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def post(self, request, id_or_locale):
        """File a service request; the support topic decides its kind (a reservation's, a purchase's, other)."""
        if id_or_locale not in LANGUAGES:
            raise ApiError(400, 800002, f"The agent locale must be one of: {', '.join(LANGUAGES)}.", "InvalidLocale")
        body = ServiceRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = self._create(request, body.validated_data, body.contact(id_or_locale))
        created = selectors.request_get(actor=request.user, number=created.number)
        return Response(
            ServiceRequestSerializer(created).data,
            status=201,
            headers={"Location": f"/v1/servicerequests/{created.number}"},
        )

    def _create(self, request, data: dict, contact: dict):
        topic = TOPIC_BY_ID[data["supportTopicId"]]
        customer = None
        if data.get("customerTenantId"):
            customer = customer_selectors.customer_get(partner=self.partner, tenant_id=data["customerTenantId"])
        if topic.kind in RESERVATION_KINDS:
            if customer is None or not data.get("reservationId"):
                raise ApiError(400, 800002, "A reservation request needs customerTenantId and reservationId.")
            reservation = reservation_selectors.reservation_get(
                user=request.user, reservation_id=data["reservationId"], customer=customer
            )
            return services.reservation_request_create(
                actor=request.user,
                customer=customer,
                reservation=reservation,
                kind=topic.kind,
                quantity=data.get("quantity"),
                refund_session_id=data.get("refundSessionId", ""),
                basics={"title": data["title"], "severity": data["severity"]},
                problem={"description": data["description"], "reason": data.get("reason", "")},
                contact=contact,
            )
        return services.problem_report_create(
            actor=request.user,
            customer=customer,
            kind=topic.kind,
            title=data["title"],
            description=data["description"],
            severity=data["severity"],
            order_id=data.get("orderId", ""),
            subscription_id=data.get("subscriptionId", ""),
            reason=data.get("reason", ""),
            amount_requested=data.get("amountRequested"),
            currency=data.get("currency", ""),
            contact=contact,
        )

    @extend_schema(
        operation_id="servicerequests_update",
        tags=["servicerequests"],
        parameters=[REQUEST_NUMBER, REQUEST_ID],
        request=ServiceRequestUpdateSerializer,
        responses={200: ServiceRequestSerializer, **error_responses(400, *COMMON_ERRORS, 404, 409)},
    )
    @idempotent
    def patch(self, request, id_or_locale):
        """Add a note (newNote), close the request (status "closed"), or both."""
        found = selectors.request_get(actor=request.user, number=id_or_locale)
        body = ServiceRequestUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if "newNote" in body.validated_data:
            services.note_add(request=found, actor=request.user, text=body.validated_data["newNote"]["text"])
        if body.validated_data.get("status") == Status.CLOSED:
            services.request_close(request=found, actor=request.user)
        found = selectors.request_get(actor=request.user, number=found.number)
        return Response(ServiceRequestSerializer(found).data)
