"""Azure's Microsoft.Capacity reservation routes, included under /azure/<customer tenant id>/."""

from django.urls import path

from reservations import azure_api as api
from reservations import azure_exchange_api as exchanges
from reservations import azure_refund_api as refunds

ORDERS = "providers/Microsoft.Capacity/reservationOrders"

urlpatterns = [
    path(ORDERS, api.ReservationOrderListView.as_view(), name="azure-reservation-orders"),
    path(f"{ORDERS}/<str:reservation_order_id>", api.ReservationOrderView.as_view(), name="azure-reservation-order"),
    path(
        f"{ORDERS}/<str:reservation_order_id>/reservations",
        api.ReservationListView.as_view(),
        name="azure-reservations",
    ),
    path(
        f"{ORDERS}/<str:reservation_order_id>/reservations/<str:reservation_id>",
        api.ReservationView.as_view(),
        name="azure-reservation",
    ),
    path(
        f"{ORDERS}/<str:reservation_order_id>/calculateRefund",
        refunds.CalculateRefundView.as_view(),
        name="azure-calculate-refund",
    ),
    path(f"{ORDERS}/<str:reservation_order_id>/return", refunds.ReturnView.as_view(), name="azure-return"),
    path(
        "providers/Microsoft.Capacity/calculateExchange",
        exchanges.CalculateExchangeView.as_view(),
        name="azure-calculate-exchange",
    ),
    path("providers/Microsoft.Capacity/exchange", exchanges.ExchangeView.as_view(), name="azure-exchange"),
    *(
        path(
            f"providers/Microsoft.Capacity/{results}/<str:result_id>",
            exchanges.ExchangeResultView.as_view(),
            {"results": results},
            name=f"azure-{results}",
        )
        for results in (exchanges.CALCULATE_RESULTS, exchanges.EXCHANGE_RESULTS)
    ),
    path("providers/Microsoft.Capacity/calculatePrice", api.CalculatePriceView.as_view(), name="azure-calculate-price"),
]
