from django.urls import path

from reservations import purchase_views, views

app_name = "reservations"
urlpatterns = [
    path("resources/", views.resources_view, name="resources"),
    path("customers/<uuid:tenant_id>/", views.customer_reservations_view, name="customer_reservations"),
    path("customers/<uuid:tenant_id>/add/", purchase_views.purchase_view, name="purchase"),
    path("customers/<uuid:tenant_id>/azure-plan/", purchase_views.azure_plan_buy_view, name="azure_plan_buy"),
    path(
        "customers/<uuid:tenant_id>/azure-subscriptions/",
        purchase_views.azure_subscription_add_view,
        name="azure_subscription_add",
    ),
    path("customers/<uuid:tenant_id>/<uuid:reservation_id>/", views.overview_view, name="overview"),
    path("customers/<uuid:tenant_id>/<uuid:reservation_id>/access/", views.access_view, name="access"),
    path(
        "customers/<uuid:tenant_id>/<uuid:reservation_id>/access/<uuid:assignment_id>/remove/",
        views.access_remove_view,
        name="access_remove",
    ),
    path(
        "customers/<uuid:tenant_id>/<uuid:reservation_id>/configuration/",
        views.configuration_view,
        name="configuration",
    ),
    path("customers/<uuid:tenant_id>/<uuid:reservation_id>/properties/", views.properties_view, name="properties"),
]
