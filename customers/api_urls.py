from django.urls import path

from customers import api

urlpatterns = [
    path("customers", api.CustomerListView.as_view(), name="api-customers"),
    path("customers/<uuid:customer_tenant_id>", api.CustomerDetailView.as_view(), name="api-customer"),
]
