from django.urls import path

from accounts import credential_views

app_name = "api_credentials"
urlpatterns = [
    path("", credential_views.api_credential_list_view, name="list"),
    path("<uuid:client_id>/revoke/", credential_views.api_credential_revoke_view, name="revoke"),
]
