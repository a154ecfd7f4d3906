from django.urls import path

from reservations import api

urlpatterns = [
    path(
        "customers/<uuid:customer_tenant_id>/subscriptions/<str:subscription_id>/azureEntitlements",
        api.AzureEntitlementListView.as_view(),
        name="api-azure-entitlements",
    ),
]
