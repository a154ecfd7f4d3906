"""Azure's calculateExchange and exchange (Microsoft.Capacity 2022-11-01) on the one exchange service.

Both are ARM long-running operations whose final state is the operation resource itself ("final-state-via:
azure-async-operation"): the POST answers 202 with `Azure-AsyncOperation` naming the result resource, which
carries the status and Azure's CalculateExchange/Exchange properties. The work is done within the POST
(`exchange_quote`, `exchange_execute`), so the first poll reads Succeeded. The result resources live at
`providers/Microsoft.Capacity/calculateExchangeOperationResults/{sessionId}` and
`.../exchangeOperationResults/{exchangeId}` (Azure names one `operationResults` path; this simulator keeps
the exchange results beside it, since the client only follows the header).
"""

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.permissions import Capability
from arm.resources import parse_guid, provider_id
from arm.schema import API_VERSION_PARAMETER, arm_errors
from partnercenter.api.arm_errors import ArmError
from partnercenter.api.idempotency import idempotent
from partnercenter.errors import NotFound
from reservations import refund_selectors
from reservations.azure_api import LRO_HEADERS, ReservationArmView
from reservations.azure_refund_api import AmountOut, PolicyErrorOut
from reservations.azure_serializers import PurchaseRequestSerializer
from reservations.azure_services import _offer
from reservations.services.exchanges import ExchangeReturn, exchange_execute, exchange_quote

CALCULATE_RESULTS = "calculateExchangeOperationResults"
EXCHANGE_RESULTS = "exchangeOperationResults"


class ReturnIn(serializers.Serializer):
    reservationId = serializers.CharField(max_length=400)
    quantity = serializers.IntegerField(min_value=1, max_value=10000)


class CalculateExchangePropertiesIn(serializers.Serializer):
    reservationsToPurchase = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=20)
    reservationsToExchange = ReturnIn(many=True, min_length=1, max_length=20)
    savingsPlansToPurchase = serializers.ListField(max_length=0, required=False)


class CalculateExchangeIn(serializers.Serializer):
    properties = CalculateExchangePropertiesIn()


class ExchangePropertiesIn(serializers.Serializer):
    sessionId = serializers.UUIDField()


class ExchangeIn(serializers.Serializer):
    properties = ExchangePropertiesIn()


class BillingInformationOut(serializers.Serializer):
    billingCurrencyTotalPaidAmount = AmountOut()
    billingCurrencyProratedAmount = AmountOut()
    billingCurrencyRemainingCommitmentAmount = AmountOut()


class ReturnedOut(serializers.Serializer):
    reservationId = serializers.CharField()
    quantity = serializers.IntegerField()
    billingRefundAmount = AmountOut()
    billingInformation = BillingInformationOut()
    status = serializers.CharField(required=False)


class PurchasedOut(serializers.Serializer):
    reservationOrderId = serializers.CharField(required=False)
    reservationId = serializers.CharField(required=False)
    properties = serializers.DictField()
    billingCurrencyTotal = AmountOut()
    status = serializers.CharField(required=False)


class PolicyErrorsOut(serializers.Serializer):
    policyErrors = PolicyErrorOut(many=True)


class ExchangePropertiesOut(serializers.Serializer):
    sessionId = serializers.UUIDField()
    netPayable = AmountOut()
    refundsTotal = AmountOut()
    purchasesTotal = AmountOut()
    reservationsToPurchase = PurchasedOut(many=True)
    reservationsToExchange = ReturnedOut(many=True)
    policyResult = PolicyErrorsOut()


class ExchangeResultOut(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["Succeeded", "Failed", "Cancelled", "Pending"])
    properties = ExchangePropertiesOut()


def _money(amount, currency: str) -> dict:
    return {"currencyCode": currency, "amount": Decimal(str(amount))}


def exchange_properties(quote, *, exchange=None, purchase_bodies=None) -> dict:
    """Azure's CalculateExchange/Exchange properties from an exchange quote (and its exchange, once done)."""
    d, currency = quote.details, quote.details["currency"]
    orders = list(exchange.purchased_orders.order_by("pk")) if exchange else []
    returned = []
    for item in d["reservationsToExchange"]:
        paid = Decimal(item["paid"])
        row = {
            "reservationId": provider_id(
                "reservationOrders", item["reservationOrderId"], "reservations", item["reservationId"]
            ),
            "quantity": item["quantity"],
            "billingRefundAmount": _money(item["amount"], currency),
            "billingInformation": {
                "billingCurrencyTotalPaidAmount": _money(paid, currency),
                "billingCurrencyProratedAmount": _money(paid - Decimal(item["amount"]), currency),
                "billingCurrencyRemainingCommitmentAmount": _money(item["remainingCommitment"], currency),
            },
        }
        if exchange:
            row["status"] = "Succeeded"
        returned.append(row)
    bought = []
    for index, item in enumerate(d["reservationsToPurchase"]):
        row = {
            "properties": (purchase_bodies or d.get("azurePurchaseBodies") or [{}] * (index + 1))[index],
            "billingCurrencyTotal": _money(item["termTotal"], item["currency"]),
        }
        if exchange and index < len(orders):
            order = orders[index]
            row["reservationOrderId"] = order.resource_id
            row["reservationId"] = order.reservations.get().resource_id
            row["status"] = "Succeeded"
        bought.append(row)
    return {
        "sessionId": quote.session_id,
        "netPayable": _money(d["netPayable"], currency),
        "refundsTotal": _money(d["refundsTotal"], currency),
        "purchasesTotal": _money(d["purchasesTotal"], currency),
        "reservationsToPurchase": bought,
        "reservationsToExchange": returned,
        "policyResult": {"policyErrors": d["policyErrors"]},
    }


class ExchangeArmView(ReservationArmView):
    required_capability = Capability.MANAGE_RESERVATIONS

    def accepted_result(self, results: str, result_id) -> Response:
        url = self.url_of(provider_id(results, result_id))
        headers = {"Azure-AsyncOperation": url, "Retry-After": str(settings.AZURE_API_RETRY_AFTER)}
        return Response(status=202, headers=headers)


class CalculateExchangeView(ExchangeArmView):
    actions = {"POST": "Microsoft.Capacity/calculateExchange/action"}

    @extend_schema(
        operation_id="CalculateExchange_Post",
        tags=["exchanges"],
        parameters=[API_VERSION_PARAMETER, *LRO_HEADERS],
        request=CalculateExchangeIn,
        responses={
            202: OpenApiResponse(description="Calculated; read the result at Azure-AsyncOperation."),
            **arm_errors(400, 401, 403, 404, 409, 429),
        },
    )
    def post(self, request, customer_tenant_id):
        """Price returning reservations and buying new ones of the same family; a session for `exchange`."""
        body = CalculateExchangeIn(data=request.data)
        body.is_valid(raise_exception=True)
        properties = body.validated_data["properties"]
        returns = []
        for item in properties["reservationsToExchange"]:
            parts = item["reservationId"].rstrip("/").split("/")
            if len(parts) < 3:
                raise ArmError(400, "InvalidReservationId", "reservationId must be the reservation's full id.")
            order_id, reservation_id = parts[-3], parts[-1]
            returns.append(ExchangeReturn(self.reservation_get(order_id, reservation_id), item["quantity"]))
        wanted = []
        purchase_bodies = properties["reservationsToPurchase"]
        for index, purchase_body in enumerate(purchase_bodies):
            serializer = PurchaseRequestSerializer(data=purchase_body)
            serializer.is_valid(raise_exception=True)
            purchase = serializer.purchase()
            offer = _offer(customer=self.customer, purchase=purchase)
            wanted.append(
                {
                    "catalog_item_id": offer.catalog_item_id,
                    "quantity": purchase.quantity,
                    "billing_plan": purchase.billing_plan,
                    "subscription_id": purchase.billing_subscription_id,
                    "scope": purchase.applied_scope_type,
                    "display_name": purchase.display_name or f"Exchange_{index + 1}",
                }
            )
        quote = exchange_quote(customer=self.customer, actor=request.user, returns=returns, purchases=wanted)
        quote.details["azurePurchaseBodies"] = purchase_bodies
        quote.save(update_fields=["details"])
        return self.accepted_result(CALCULATE_RESULTS, quote.session_id)


class ExchangeView(ExchangeArmView):
    actions = {"POST": "Microsoft.Capacity/exchange/action"}

    @extend_schema(
        operation_id="Exchange_Post",
        tags=["exchanges"],
        parameters=[API_VERSION_PARAMETER, *LRO_HEADERS],
        request=ExchangeIn,
        responses={
            202: OpenApiResponse(description="Exchanged; read the result at Azure-AsyncOperation."),
            **arm_errors(400, 401, 403, 404, 409, 429),
        },
    )
    @idempotent
    def post(self, request, customer_tenant_id):
        """Apply a calculateExchange session: the refunds (outside the cap) and the purchases, all or nothing."""
        body = ExchangeIn(data=request.data)
        body.is_valid(raise_exception=True)
        exchange = exchange_execute(
            session_id=body.validated_data["properties"]["sessionId"], actor=request.user, customer=self.customer
        )
        return self.accepted_result(EXCHANGE_RESULTS, exchange.exchange_id)


class ExchangeResultView(ExchangeArmView):
    actions = {"GET": "Microsoft.Capacity/operationResults/read"}
    required_capability = None

    @extend_schema(
        operation_id="ExchangeOperationResult_Get",
        tags=["exchanges"],
        parameters=[API_VERSION_PARAMETER],
        responses={200: ExchangeResultOut, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id, results, result_id):
        """The result of a calculateExchange (by session) or an exchange (by exchange id)."""
        guid = parse_guid(result_id, code="InvalidOperationId", what="operation id")
        try:
            if results == CALCULATE_RESULTS:
                quote = refund_selectors.quote_get(partner=self.partner, session_id=guid, customer=self.customer)
                if quote.kind != "exchange":
                    raise NotFound("Not an exchange session.")
                properties = exchange_properties(quote)
            else:
                exchange = refund_selectors.exchange_get(partner=self.partner, exchange_id=guid, customer=self.customer)
                properties = exchange_properties(exchange.quote, exchange=exchange)
        except NotFound as exc:
            raise ArmError(404, "OperationNotFound", f"The operation '{guid}' was not found.") from exc
        result = {
            "id": provider_id(results, guid),
            "name": str(guid),
            "status": "Succeeded",
            "properties": properties,
        }
        return Response(ExchangeResultOut(result).data)
