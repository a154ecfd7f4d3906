"""Azure's calculateRefund and return (Microsoft.Capacity 2022-11-01) on the one refund engine.

`POST .../reservationOrders/{orderId}/calculateRefund` quotes through `refund_quote` and answers Azure's
RefundResponse with the session; `POST .../return` returns through `reservation_return`, which re-checks
everything under the customer's lock, and answers 202 with ARM's operation. Return is idempotent on
`MS-RequestId`: the same key and body answer the first response, and the refund happens once.
"""

from decimal import Decimal

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from arm.resources import parse_guid
from arm.schema import API_VERSION_PARAMETER, arm_errors
from arm.services import operation_record
from partnercenter.api.idempotency import idempotent
from reservations.azure_api import LRO_HEADERS, ReservationArmView
from reservations.models import RefundQuote
from reservations.services.refunds import refund_quote, reservation_return

RETURN_ACTION = "Microsoft.Capacity/reservationOrders/return/action"


class ReservationToReturnIn(serializers.Serializer):
    reservationId = serializers.CharField(max_length=400)
    quantity = serializers.IntegerField(min_value=1, max_value=10000)


class RefundPropertiesIn(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["Reservation"], required=False)
    reservationToReturn = ReservationToReturnIn()
    sessionId = serializers.UUIDField(required=False)
    returnReason = serializers.CharField(max_length=100, required=False, allow_blank=True)


class RefundRequestIn(serializers.Serializer):
    id = serializers.CharField(max_length=400, required=False)
    properties = RefundPropertiesIn()


class ReturnRequestIn(RefundRequestIn):
    def validate_properties(self, value):
        if not value.get("sessionId"):
            raise serializers.ValidationError("sessionId is required: calculate the refund first.")
        return value


class AmountOut(serializers.Serializer):
    currencyCode = serializers.CharField()
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)


class PolicyErrorOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class PolicyPropertiesOut(serializers.Serializer):
    consumedRefundsTotal = AmountOut()
    maxRefundLimit = AmountOut()
    policyErrors = PolicyErrorOut(many=True)


class PolicyResultOut(serializers.Serializer):
    properties = PolicyPropertiesOut()


class BillingInformationOut(serializers.Serializer):
    billingPlan = serializers.CharField()
    completedTransactions = serializers.IntegerField()
    totalTransactions = serializers.IntegerField()
    billingCurrencyTotalPaidAmount = AmountOut()
    billingCurrencyProratedAmount = AmountOut()
    billingCurrencyRemainingCommitmentAmount = AmountOut()


class RefundPropertiesOut(serializers.Serializer):
    sessionId = serializers.UUIDField()
    quantity = serializers.IntegerField()
    billingRefundAmount = AmountOut()
    pricingRefundAmount = AmountOut()
    policyResult = PolicyResultOut()
    billingInformation = BillingInformationOut()


class RefundResponseOut(serializers.Serializer):
    id = serializers.CharField()
    properties = RefundPropertiesOut()


def refund_response(quote: RefundQuote, resource_id: str) -> dict:
    """Azure's RefundResponse from a quote's details: the same figures the page shows."""
    d = quote.details
    currency = d["currency"]

    def money(amount, code=currency):
        return {"currencyCode": code, "amount": Decimal(str(amount))}

    paid = Decimal(d["paid"])
    return {
        "id": resource_id,
        "properties": {
            "sessionId": quote.session_id,
            "quantity": d["quantity"],
            "billingRefundAmount": money(d["amount"]),
            "pricingRefundAmount": money(d["amountUsd"], "USD"),
            "policyResult": {
                "properties": {
                    "consumedRefundsTotal": money(d["cap"]["usedUsd"], "USD"),
                    "maxRefundLimit": money(d["cap"]["limitUsd"], "USD"),
                    "policyErrors": d["policyErrors"],
                }
            },
            "billingInformation": {
                "billingPlan": d["billingPlan"],
                "completedTransactions": d["paymentsMade"],
                "totalTransactions": d["paymentsTotal"],
                "billingCurrencyTotalPaidAmount": money(paid),
                "billingCurrencyProratedAmount": money(paid - Decimal(d["amount"])),
                "billingCurrencyRemainingCommitmentAmount": money(d["remainingCommitment"]),
            },
        },
    }


class RefundArmView(ReservationArmView):
    def returned_reservation(self, reservation_order_id, body):
        wanted = body["properties"]["reservationToReturn"]
        reservation_id = parse_guid(
            wanted["reservationId"].rstrip("/").rsplit("/", 1)[-1], code="InvalidReservationId", what="reservation id"
        )
        return self.reservation_get(reservation_order_id, str(reservation_id)), wanted["quantity"]


class CalculateRefundView(RefundArmView):
    actions = {"POST": "Microsoft.Capacity/reservationOrders/calculateRefund/action"}

    @extend_schema(
        operation_id="CalculateRefund_Post",
        tags=["refunds"],
        parameters=[API_VERSION_PARAMETER],
        request=RefundRequestIn,
        responses={200: RefundResponseOut, **arm_errors(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, customer_tenant_id, reservation_order_id):
        """What returning the quantity gives back now, with the cap used and left; a session valid
        RESERVATION_QUOTE_LIFETIME seconds. A refund over the cap is quoted with a policy error."""
        body = RefundRequestIn(data=request.data)
        body.is_valid(raise_exception=True)
        reservation, quantity = self.returned_reservation(reservation_order_id, body.validated_data)
        quote = refund_quote(reservation=reservation, actor=request.user, quantity=quantity)
        return Response(RefundResponseOut(refund_response(quote, reservation.resource_id)).data)


class ReturnView(RefundArmView):
    actions = {"POST": RETURN_ACTION}

    @extend_schema(
        operation_id="Return_Post",
        tags=["refunds"],
        parameters=[API_VERSION_PARAMETER, *LRO_HEADERS],
        request=ReturnRequestIn,
        responses={
            202: OpenApiResponse(RefundResponseOut, description="Returned; the credit reaches the next invoice."),
            **arm_errors(400, 401, 403, 404, 409, 429),
        },
    )
    @idempotent
    def post(self, request, customer_tenant_id, reservation_order_id):
        """Return what the session quoted (re-checked now: expiry, quantity, access, the USD 50,000 cap).
        The same MS-RequestId and body answer the first response; the refund happens once."""
        body = ReturnRequestIn(data=request.data)
        body.is_valid(raise_exception=True)
        properties = body.validated_data["properties"]
        reservation, quantity = self.returned_reservation(reservation_order_id, body.validated_data)
        refund = reservation_return(
            session_id=properties["sessionId"],
            actor=request.user,
            customer=self.customer,
            quantity=quantity,
            reason=properties.get("returnReason", ""),
            reservation_id=reservation.reservation_id,
        )
        operation = operation_record(
            partner=self.partner,
            tenant_id=self.customer.tenant_id,
            action=RETURN_ACTION,
            resource_id=reservation.resource_id,
        )
        body = RefundResponseOut(refund_response(refund.quote, reservation.resource_id)).data
        return self.accepted(operation, location=reservation.order.resource_id, body=body)
