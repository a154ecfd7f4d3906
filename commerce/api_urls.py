from django.urls import path

from commerce import api

urlpatterns = [
    path("products", api.ProductListView.as_view(), name="api-products"),
    path("products/<str:product_id>", api.ProductDetailView.as_view(), name="api-product"),
    path("products/<str:product_id>/skus", api.SkuListView.as_view(), name="api-product-skus"),
    path(
        "products/<str:product_id>/skus/<str:sku_id>/availabilities",
        api.AvailabilityListView.as_view(),
        name="api-product-sku-availabilities",
    ),
    path("customers/<uuid:customer_tenant_id>/carts", api.CartCreateView.as_view(), name="api-carts"),
    path("customers/<uuid:customer_tenant_id>/carts/<uuid:cart_id>", api.CartDetailView.as_view(), name="api-cart"),
    path(
        "customers/<uuid:customer_tenant_id>/carts/<uuid:cart_id>/checkout",
        api.CartCheckoutView.as_view(),
        name="api-cart-checkout",
    ),
    path("customers/<uuid:customer_tenant_id>/orders", api.OrderListView.as_view(), name="api-orders"),
    path("customers/<uuid:customer_tenant_id>/orders/<str:order_id>", api.OrderDetailView.as_view(), name="api-order"),
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
]
