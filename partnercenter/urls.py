"""The project's wiring: every app's pages and API routes (the one module, with settings, that sees them all)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from accounts import api as account_api
from accounts import views as account_views
from arm.schema import AZURE_SCHEMA_SETTINGS

# Everything under /v1/: each app contributes its own api_urls module.
api_urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="openapi-schema"), name="openapi-docs"),
    path("", include("accounts.api_urls")),
    path("", include("simulation.api_urls")),
    path("", include("customers.api_urls")),
    path("", include("commerce.api_urls")),
    path("", include("software.api_urls")),
    path("", include("billing.api_urls")),
    path("", include("reservations.api_urls")),
    path("", include("reservations.refund_api_urls")),
    path("", include("support.api_urls")),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("customers/", include("customers.urls")),
    path("commerce/", include("commerce.urls")),
    path("software/", include("software.urls")),
    path("reservations/", include("reservations.urls")),
    path("my/", include("software.customer_urls")),
    path("my/reservations/", include("reservations.customer_urls")),
    path("activity-log/", include("software.activity_urls")),
    path("billing/", include("billing.urls")),
    path("reservations/refunds/", include("reservations.refund_urls")),
    path("simulation/", include("simulation.urls")),
    path("support/", include("support.urls")),
    path("settings/api-credentials/", include("accounts.urls")),
    path("oauth2/token", account_api.TokenView.as_view(), name="oauth2-token"),
    path("v1/", include(api_urlpatterns)),
    path(
        "azure/openapi.json",
        SpectacularJSONAPIView.as_view(custom_settings=AZURE_SCHEMA_SETTINGS),
        name="azure-openapi-schema",
    ),
    path(
        "azure/docs/", SpectacularSwaggerSplitView.as_view(url_name="azure-openapi-schema"), name="azure-openapi-docs"
    ),
    path("azure/<uuid:customer_tenant_id>/", include("arm.urls")),
    path("azure/<uuid:customer_tenant_id>/", include("reservations.azure_urls")),
]
