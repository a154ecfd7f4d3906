"""Azure's Microsoft.Capacity reservation API (2022-11-01) under /azure/{customer-tenant-id}/.

Every view stands on arm.base.ArmAPIView (token, api-version, rights, the customer tenant of the URL) and
reads through reservations.selectors, so a user sees what the pages show them: another partner's customer,
or a reservation the user may not read, is 404. Writes go through reservations.azure_services to the one
purchase and update services, and answer ARM's 202 with the operation to poll.
"""

import uuid

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts.permissions import Capability, ReservationAccess
from arm.base import ArmAPIView
from arm.paging import arm_page
from arm.resources import etag_header, parse_guid
from arm.schema import API_VERSION_PARAMETER, arm_errors
from partnercenter import clock
from partnercenter.api.arm_errors import ArmError
from partnercenter.errors import DomainError
from reservations import azure_services, selectors, services
from reservations.azure_serializers import (
    CalculatePriceSerializer,
    PatchSerializer,
    PurchaseRequestSerializer,
    ReservationList,
    ReservationOrderList,
    ReservationOrderSerializer,
    ReservationSerializer,
    order_etag,
)

# Azure's codes for refusals that commerce raises on the purchase path (it names them for Partner Center).
COMMERCE_AZURE_CODES = {
    "MarketNotAvailable": "NotSupportedCountry",
    "Forbidden": "AuthorizationFailed",
    "InvalidQuantity": "BadRequest",
    "CatalogItemNotFound": "InvalidFulfillmentRequestParameters",
    "PriceNotFound": "InvalidFulfillmentRequestParameters",
}
LRO_HEADERS = [
    OpenApiParameter(
        "Azure-AsyncOperation",
        str,
        OpenApiParameter.HEADER,
        response=[202],
        description="The operation's status resource (operationResults) to poll.",
    ),
    OpenApiParameter(
        "Location", str, OpenApiParameter.HEADER, response=[202], description="The resource, readable when done."
    ),
    OpenApiParameter(
        "Retry-After", int, OpenApiParameter.HEADER, response=[202], description="Seconds to wait before polling."
    ),
]
ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description='The reservation\'s etag, quoted (`"3"` for a body etag of 3): send it back in If-Match.',
)
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description=(
        "Only change the reservation if its etag is one of these (comma-separated, quoted as the ETag header, "
        'e.g. "3"; `*` matches any); otherwise 412 PreconditionFailed and nothing changes. '
        "Without it the change is unconditional."
    ),
)
ORDER_READ = "Microsoft.Capacity/reservationOrders/read"
ORDER_WRITE = "Microsoft.Capacity/reservationOrders/write"
RESERVATION_READ = "Microsoft.Capacity/reservationOrders/reservations/read"
RESERVATION_WRITE = "Microsoft.Capacity/reservationOrders/reservations/write"


class ReservationArmView(ArmAPIView):
    def handle_exception(self, exc):
        if isinstance(exc, DomainError) and not getattr(exc, "azure_code", ""):
            exc.azure_code = COMMERCE_AZURE_CODES.get(exc.error_name, "")
        return super().handle_exception(exc)

    def serializer_context(self, reservations) -> dict:
        """What the output serializers read: the partner's now and the utilization of these reservations."""
        now = clock.now(self.partner)
        averages = selectors.utilization_averages(reservation_ids=[r.pk for r in reservations], as_of=now.date())
        return {"now": now, "utilization": averages}

    def order_get(self, reservation_order_id):
        order_id = parse_guid(reservation_order_id, code="InvalidReservationOrderId", what="reservation order id")
        return selectors.reservation_order_get(
            user=self.request.user, reservation_order_id=order_id, customer=self.customer
        )

    def reservation_get(self, reservation_order_id, reservation_id, related=selectors.RESERVATION_RELATED):
        order_id = parse_guid(reservation_order_id, code="InvalidReservationOrderId", what="reservation order id")
        try:
            reservation_guid = parse_guid(reservation_id, code="InvalidReservationId", what="reservation id")
        except ArmError:
            self.order_get(reservation_order_id)  # an unknown order answers 404 before a malformed reservation id
            raise
        return selectors.reservation_in_order_get(
            user=self.request.user,
            reservation_order_id=order_id,
            reservation_id=reservation_guid,
            customer=self.customer,
            related=related,
        )


class ReservationOrderListView(ReservationArmView):
    actions = {"GET": ORDER_READ}

    @extend_schema(
        operation_id="ReservationOrder_List",
        tags=["reservation orders"],
        parameters=[
            API_VERSION_PARAMETER,
            OpenApiParameter("$skiptoken", str, description="From the previous page's nextLink."),
        ],
        responses={200: ReservationOrderList, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id):
        """The customer's reservation orders the caller may read, newest first, paged by nextLink."""
        orders = selectors.reservation_order_list(user=request.user, customer=self.customer)
        page, next_link = arm_page(request, orders, order=("-purchased_at", "-id"), api_version=self.api_version)
        return Response({"value": ReservationOrderSerializer(page, many=True).data, "nextLink": next_link})


class ReservationOrderView(ReservationArmView):
    actions = {"GET": ORDER_READ, "PUT": ORDER_WRITE}

    def get_required_capability(self, method: str) -> Capability | None:
        return Capability.BUY_RESERVATIONS if method == "PUT" else None

    @extend_schema(
        operation_id="ReservationOrder_Get",
        tags=["reservation orders"],
        parameters=[
            API_VERSION_PARAMETER,
            OpenApiParameter(
                "$expand", str, enum=["schedule"], description="schedule: add planInformation (every payment)."
            ),
        ],
        responses={200: ReservationOrderSerializer, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id, reservation_order_id):
        """One reservation order; with $expand=schedule its payments (charged, scheduled) as planInformation."""
        order = self.order_get(reservation_order_id)
        context = {}
        if request.query_params.get("$expand", "").lower() == "schedule":
            context["schedule"] = azure_services.order_payment_schedule(order=order)
        data = ReservationOrderSerializer(order, context=context).data
        return Response(data, headers={"ETag": etag_header(order_etag(order))})

    @extend_schema(
        operation_id="ReservationOrder_Purchase",
        tags=["reservation orders"],
        parameters=[API_VERSION_PARAMETER, *LRO_HEADERS],
        request=PurchaseRequestSerializer,
        responses={
            202: OpenApiResponse(ReservationOrderSerializer, description="Bought; poll Azure-AsyncOperation."),
            **arm_errors(400, 401, 403, 404, 409, 429),
        },
    )
    def put(self, request, customer_tenant_id, reservation_order_id):
        """Buy a reservation order under this id (the same purchase as a Partner Center order). Sent again
        with the same body it answers the first purchase; with another body, 409 ReservationOrderIdAlreadyExists."""
        order_id = parse_guid(reservation_order_id, code="InvalidReservationOrderId", what="reservation order id")
        body = PurchaseRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order, operation = azure_services.reservation_order_put(
            customer=self.customer,
            actor=request.user,
            reservation_order_id=order_id,
            purchase=body.purchase(),
            request_hash=azure_services.request_fingerprint(request.data),
        )
        order = self.order_get(order.reservation_order_id)
        return self.accepted(operation, location=order.resource_id, body=ReservationOrderSerializer(order).data)


class ReservationListView(ReservationArmView):
    actions = {"GET": RESERVATION_READ}

    @extend_schema(
        operation_id="Reservation_List",
        tags=["reservations"],
        parameters=[
            API_VERSION_PARAMETER,
            OpenApiParameter("$skiptoken", str, description="From the previous page's nextLink."),
        ],
        responses={200: ReservationList, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id, reservation_order_id):
        """The order's reservations the caller may read, paged by nextLink."""
        order = self.order_get(reservation_order_id)
        reservations = selectors.reservation_list(user=request.user, customer=self.customer).filter(order=order)
        page, next_link = arm_page(request, reservations, order=("id",), api_version=self.api_version)
        data = ReservationSerializer(page, many=True, context=self.serializer_context(page)).data
        return Response({"value": data, "nextLink": next_link})


class ReservationView(ReservationArmView):
    actions = {"GET": RESERVATION_READ, "PATCH": RESERVATION_WRITE}

    @extend_schema(
        operation_id="Reservation_Get",
        tags=["reservations"],
        parameters=[API_VERSION_PARAMETER, ETAG_HEADER],
        responses={200: ReservationSerializer, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id, reservation_order_id, reservation_id):
        reservation = self.reservation_get(reservation_order_id, reservation_id, selectors.AZURE_RESERVATION_RELATED)
        data = ReservationSerializer(reservation, context=self.serializer_context([reservation])).data
        return Response(data, headers={"ETag": etag_header(reservation.etag)})

    @extend_schema(
        operation_id="Reservation_Update",
        tags=["reservations"],
        parameters=[API_VERSION_PARAMETER, IF_MATCH_HEADER, *LRO_HEADERS],
        request=PatchSerializer,
        responses={
            202: OpenApiResponse(description="Accepted; poll Azure-AsyncOperation, then GET the reservation."),
            **arm_errors(400, 401, 403, 404, 409, 412, 429),
        },
    )
    def patch(self, request, customer_tenant_id, reservation_order_id, reservation_id):
        """Change scope (appliedScopeType, appliedScopes), name, renew or instance flexibility. Needs Owner or
        Reservations Administrator rights on the reservation (a Reservations Reader gets 403 AuthorizationFailed).
        With If-Match, only while the reservation's etag is one of those given (or `*`): else 412 PreconditionFailed."""
        reservation = self.reservation_get(reservation_order_id, reservation_id)
        services.access_require(actor=request.user, reservation=reservation, level=ReservationAccess.MANAGE)
        body = PatchSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated, operation = azure_services.reservation_patch(
            reservation=reservation,
            actor=request.user,
            changes=body.changes(),
            if_match=request.headers.get("If-Match"),
        )
        return self.accepted(operation, location=updated.resource_id)


class CalculatePriceView(ReservationArmView):
    actions = {"POST": "Microsoft.Capacity/calculatePrice/action"}
    required_capability = Capability.BUY_RESERVATIONS

    @extend_schema(
        operation_id="ReservationOrder_Calculate",
        tags=["reservation orders"],
        parameters=[API_VERSION_PARAMETER],
        request=PurchaseRequestSerializer,
        responses={200: CalculatePriceSerializer, **arm_errors(400, 401, 403, 404, 429)},
    )
    def post(self, request, customer_tenant_id):
        """The price of a purchase in the customer's market and currency, with tax and payment schedule, and
        a fresh reservationOrderId to PUT it with. Buys nothing."""
        body = PurchaseRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        now = clock.now(self.partner)
        price = azure_services.azure_price(customer=self.customer, purchase=body.purchase(), now=now)
        quote = price.quote
        currency = quote.currency

        def money(amount):
            return {"currencyCode": currency, "amount": amount}

        properties = {
            "billingCurrencyTotal": money(price.totals.subtotal),
            "pricingCurrencyTotal": money(price.totals.subtotal),
            "netTotal": price.totals.subtotal,
            "taxTotal": price.totals.tax,
            "grandTotal": price.totals.total,
            "isTaxIncluded": quote.tax_included,
            "isBillingPartnerManaged": True,
            "reservationOrderId": uuid.uuid4(),
            "skuTitle": quote.offer.sku.title,
            "skuDescription": quote.offer.sku.attributes.get("armSkuName", quote.offer.sku.sku_id),
            "paymentSchedule": [
                {
                    "dueDate": due.date(),
                    "pricingCurrencyTotal": money(amount),
                    "billingCurrencyTotal": money(amount),
                    "status": "Scheduled",
                }
                for due, amount in price.schedule
            ],
        }
        return Response(CalculatePriceSerializer({"properties": properties}).data)
