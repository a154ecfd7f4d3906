from django.urls import path

from commerce import views

app_name = "commerce"
urlpatterns = [
    path("customers/<uuid:tenant_id>/orders/", views.order_history_view, name="order_history"),
    path("customers/<uuid:tenant_id>/orders/add/", views.order_add_view, name="order_add"),
    path("customers/<uuid:tenant_id>/orders/<str:order_id>/", views.order_detail_view, name="order_detail"),
]
