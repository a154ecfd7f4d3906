"""The customer-side pages, mounted at /my/."""

from django.urls import path

from software import customer_views

app_name = "my"
urlpatterns = [
    path("software/", customer_views.software_list_view, name="software"),
    path("software/<int:pk>/", customer_views.artifacts_view, name="artifacts"),
    path("software/<int:pk>/key/", customer_views.key_view, name="key"),
    path("software/<int:pk>/download/", customer_views.download_view, name="download"),
    path("software/<int:pk>/link/", customer_views.link_view, name="link"),
]
