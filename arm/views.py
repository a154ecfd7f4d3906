"""ARM's operation status resource: what an Azure client polls at the Azure-AsyncOperation URL of a 202."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from arm import selectors
from arm.base import ArmAPIView
from arm.resources import parse_guid
from arm.schema import API_VERSION_PARAMETER, arm_errors
from arm.serializers import OperationResultSerializer


class OperationResultView(ArmAPIView):
    actions = {"GET": "Microsoft.Capacity/operationResults/read"}

    @extend_schema(
        operation_id="OperationResult_Get",
        tags=["operations"],
        parameters=[API_VERSION_PARAMETER],
        responses={200: OperationResultSerializer, **arm_errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, customer_tenant_id, operation_id):
        """The status of a long-running operation (InProgress, Succeeded, Failed, Canceled)."""
        operation = selectors.operation_get(
            partner=self.partner,
            tenant_id=self.customer.tenant_id,
            operation_id=parse_guid(operation_id, code="InvalidOperationId", what="operation id"),
        )
        return Response(OperationResultSerializer(operation).data)
