from django.urls import path

from software import api

urlpatterns = [
    path(
        "customers/<uuid:customer_tenant_id>/entitlements", api.EntitlementListView.as_view(), name="api-entitlements"
    ),
    path(
        "customers/<uuid:customer_tenant_id>/entitlements/<str:entitlement_id>/productkey",
        api.ProductKeyView.as_view(),
        name="api-entitlement-productkey",
    ),
    path(
        "customers/<uuid:customer_tenant_id>/entitlements/<str:entitlement_id>/downloadlinks",
        api.DownloadLinksView.as_view(),
        name="api-entitlement-downloadlinks",
    ),
]
