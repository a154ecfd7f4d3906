"""ARM routes under /azure/{customer-tenant-id}/ that belong to no single resource type: operation status."""

from django.urls import path

from arm import views

urlpatterns = [
    path(
        "providers/Microsoft.Capacity/operationResults/<str:operation_id>",
        views.OperationResultView.as_view(),
        name="arm-operation-result",
    ),
]
