"""/v1 routes of refunds: the partner's refund policy profile."""

from django.urls import path

from reservations import refund_api

urlpatterns = [
    path("reservations/refundpolicy", refund_api.RefundPolicyView.as_view(), name="reservations-refund-policy"),
]
