from django.urls import path

from customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list_view, name="list"),
    path("add/", views.customer_add_view, name="add"),
    path("<uuid:tenant_id>/", views.customer_detail_view, name="detail"),
]
