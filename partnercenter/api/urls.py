"""Everything under /v1/: each app contributes its own api_urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("customers.api_urls")),
    path("", include("commerce.api_urls")),
    path("", include("software.api_urls")),
    path("", include("billing.api_urls")),
]
