"""Everything under /v1/: each app contributes its own api_urls module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="openapi-schema"), name="openapi-docs"),
    path("", include("partnercenter.api_urls")),
    path("", include("customers.api_urls")),
    path("", include("commerce.api_urls")),
    path("", include("software.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("reservations.api_urls")),
]
