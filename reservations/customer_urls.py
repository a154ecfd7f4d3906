"""The customer-side Azure reservations pages, mounted at /my/reservations/."""

from django.urls import path

from reservations import customer_views

app_name = "my_reservations"
urlpatterns = [
    path("", customer_views.reservation_list_view, name="list"),
    path("<uuid:reservation_id>/", customer_views.reservation_detail_view, name="detail"),
]
