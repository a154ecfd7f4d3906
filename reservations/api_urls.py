from django.urls import path

from reservations import api

urlpatterns = [
    path(
        "customers/<uuid:customer_tenant_id>/subscriptions",
        api.SubscriptionListView.as_view(),
        name="api-subscriptions",
    ),
    path(
        "customers/<uuid:customer_tenant_id>/subscriptions/<str:subscription_id>",
        api.SubscriptionDetailView.as_view(),
        name="api-subscription",
    ),
    path(
        "customers/<uuid:customer_tenant_id>/subscriptions/<str:subscription_id>/azureEntitlements",
        api.AzureEntitlementListView.as_view(),
        name="api-azure-entitlements",
    ),
]
