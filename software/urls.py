from django.urls import path

from software import views

app_name = "software"
urlpatterns = [
    path("customers/<uuid:tenant_id>/", views.customer_software_view, name="customer_software"),
    path("customers/<uuid:tenant_id>/purchases/<int:pk>/", views.artifacts_view, name="artifacts"),
    path("customers/<uuid:tenant_id>/purchases/<int:pk>/key/", views.key_view, name="key"),
    path("customers/<uuid:tenant_id>/purchases/<int:pk>/download/", views.download_view, name="download"),
    path("customers/<uuid:tenant_id>/purchases/<int:pk>/link/", views.link_view, name="link"),
    path("customers/<uuid:tenant_id>/purchases/<int:pk>/cancel/", views.cancel_view, name="cancel"),
    path("dl/<str:token>/", views.signed_download_view, name="signed_download"),
]
