"""Pages of refunds and exchanges, under /reservations/refunds/."""

from django.urls import path

from reservations import refund_views as views

app_name = "reservations_refunds"
urlpatterns = [
    path("customers/<uuid:tenant_id>/", views.customer_refunds_view, name="customer_refunds"),
    path("customers/<uuid:tenant_id>/<uuid:reservation_id>/refund/", views.refund_view, name="refund"),
    path("customers/<uuid:tenant_id>/<uuid:reservation_id>/exchange/", views.exchange_view, name="exchange"),
]
