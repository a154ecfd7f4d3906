"""Output of ARM's operation resource (the body behind Azure-AsyncOperation); it also makes the schema."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from arm.models import OperationStatus
from arm.resources import operation_result_id
from partnercenter.api.arm_errors import arm_error_body


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ARM's error code, e.g. ReservationOrderNotFound.")
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """ARM's error envelope: every refusal under /azure."""

    error = ErrorDetailSerializer()


class OperationResultSerializer(serializers.Serializer):
    id = serializers.SerializerMethodField(help_text="/providers/Microsoft.Capacity/operationResults/{id}")
    name = serializers.CharField(source="operation_id")
    status = serializers.ChoiceField(choices=OperationStatus.choices)
    startTime = serializers.DateTimeField(source="started_at")
    endTime = serializers.DateTimeField(source="ended_at", allow_null=True)
    error = serializers.SerializerMethodField(help_text="Present when the operation failed.")

    def get_id(self, operation) -> str:
        return operation_result_id(operation.operation_id)

    @extend_schema_field(ErrorDetailSerializer(allow_null=True))
    def get_error(self, operation):
        if not operation.error_code:
            return None
        return arm_error_body(operation.error_code, operation.error_message)["error"]
